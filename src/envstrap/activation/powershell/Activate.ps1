# envstrap @VERSION@: activation for PowerShell (Windows PowerShell 5.1, PowerShell 7). Generated; do not edit.
#   activate:   . C:\path\to\env\Activate.ps1
#   deactivate: deactivate
# The environment is this file's folder ($PSScriptRoot); no path is written here.

& {
    $prefix = $PSScriptRoot
    $sep = [IO.Path]::PathSeparator
    $say = { param([string] $message) [Console]::Error.WriteLine($message) }
    $refuse = {
        param([string] $name, [string] $value, [string] $meaning)
        & $say ('envstrap: cannot activate ''' + $prefix + ''': ' + $name + ' is set (''' + $value + '''): ' + $meaning + '.')
        & $say 'envstrap: only one environment may be active in a shell and in the shells it starts; deactivate it first (''deactivate'' for envstrap or a venv, ''conda deactivate'' for conda), or open a new shell with no environment active.'
        $global:LASTEXITCODE = 3
    }

    if ((Test-Path -LiteralPath 'Env:@MARKER@') -and ([Environment]::GetEnvironmentVariable('@MARKER@') -eq $prefix)) {
        # Active only while its folder is on PATH (conda's deactivate takes it off).
        $active = @ACTIVE_DIR@
        if (([string] [Environment]::GetEnvironmentVariable('PATH')).Split($sep) -contains $active[0]) {
            & $say ('envstrap: ''' + $prefix + ''' is already active in this shell or its parent; nothing to do.')
            $global:LASTEXITCODE = 0
            return
        }
        # Under an environment conda activated on top, the guard below names that one.
        $condaPrefix = [Environment]::GetEnvironmentVariable('CONDA_PREFIX')
        if (-not $condaPrefix -or $condaPrefix -eq $prefix) {
            & $say ('envstrap: cannot activate ''' + $prefix + ''': @MARKER@ names it but it is not on PATH (conda deactivated it without envstrap, or PATH was reset); run ''deactivate'' in the shell that activated it, or open a new shell.')
            $global:LASTEXITCODE = 3
            return
        }
    }
@GUARD@

    # Guard passed: from here on the session is changed, and deactivate undoes every change.
    $saved = [ordered]@{}
    foreach ($name in @SAVED@) {
        if (Test-Path -LiteralPath ('Env:' + $name)) {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        } else {
            $saved[$name] = $null
        }
    }
    $modifier = [IO.Path]::GetFileName($prefix)
    foreach ($c in @UNSAFE@) {
        $modifier = $modifier.Replace($c, '_')
    }
    $modifier = '(' + $modifier + ') '

    $added = @PATH_DIRS@ -join $sep
    $oldPath = [Environment]::GetEnvironmentVariable('PATH')
    if ($oldPath) {
        [Environment]::SetEnvironmentVariable('PATH', $added + $sep + $oldPath)
    } else {
        [Environment]::SetEnvironmentVariable('PATH', $added)
    }
@SET_VARS@
    foreach ($name in @UNSET_VARS@) {
        [Environment]::SetEnvironmentVariable($name, $null)
    }

    # Config vars, as conda applies them: package-provided variables first (env_vars.d\*.json,
    # flat objects, by name), then `conda env config vars` (the "env_vars" object of
    # conda-meta\state), which win. Names are upper-cased; names activation manages are
    # skipped; the unset sentinel hides a value an earlier file set and leaves a variable the
    # user set alone.
    $configVars = @()
    $managed = @MANAGED@
    $sources = @()
    $folder = $prefix + @ENV_VARS_D@
    if (Test-Path -LiteralPath $folder -PathType Container) {
        $names = [string[]] @(Get-ChildItem -LiteralPath $folder -Filter '*.json' -File | Where-Object { $_.Extension -eq '.json' } | ForEach-Object { $_.Name })
        [Array]::Sort($names, [StringComparer]::OrdinalIgnoreCase)
        foreach ($name in $names) {
            $sources += ,@(($folder + '\' + $name), $false)
        }
    }
    $sources += ,@(($prefix + @STATE_FILE@), $true)
    foreach ($source in $sources) {
        $file = $source[0]
        if (-not (Test-Path -LiteralPath $file -PathType Leaf)) {
            continue
        }
        $json = $null
        try {
            $json = Get-Content -LiteralPath $file -Raw -Encoding UTF8 | ConvertFrom-Json
        } catch {
            & $say ('envstrap: ' + $file + ' is not valid JSON; its config vars are skipped.')
        }
        if ($json -and $source[1]) {
            $json = $json.env_vars
        }
        if (-not $json) {
            continue
        }
        foreach ($property in $json.PSObject.Properties) {
            if ($property.Value -isnot [string]) {
                continue
            }
            $name = [string] $property.Name
            $up = $name.ToUpperInvariant()
            if ($up -cnotmatch '^[A-Z_][A-Z0-9_]*$') {
                & $say ('envstrap: config var ''' + $name + ''' is not a usable variable name; skipped.')
                continue
            }
            if ($managed -contains $up) {
                & $say ('envstrap: config var ' + $up + ' is managed by activation; skipped.')
                continue
            }
            $known = $configVars -contains $up
            if ($property.Value -eq @UNSET_SENTINEL@) {
                if ($known) {
                    [Environment]::SetEnvironmentVariable($up, $saved[$up])
                    $saved.Remove($up)
                    $configVars = @($configVars | Where-Object { $_ -ne $up })
                }
                continue
            }
            if (-not $known) {
                if (Test-Path -LiteralPath ('Env:' + $up)) {
                    $saved[$up] = [Environment]::GetEnvironmentVariable($up)
                } else {
                    $saved[$up] = $null
                }
                $configVars = @($up) + $configVars
            }
            [Environment]::SetEnvironmentVariable($up, $property.Value)
        }
    }

    $global:_envstrap = @{
        Prefix = $prefix
        Saved = $saved
        ConfigVars = $configVars
        AddedPath = $added
        NewPath = [Environment]::GetEnvironmentVariable('PATH')
        Prompt = $false
        OldPrompt = $null
        Deactivating = $false
    }
    if (-not [Environment]::GetEnvironmentVariable('@PROMPT_OPT_OUT@')) {
        $global:_envstrap.Prompt = $true
        if (Test-Path -Path 'Function:\prompt') {
            $global:_envstrap.OldPrompt = (Get-Item -Path 'Function:\prompt').ScriptBlock
        }
        function global:prompt {
            $old = $global:_envstrap.OldPrompt
            if ($old) {
                $text = & $old
            } else {
                $text = 'PS ' + $ExecutionContext.SessionState.Path.CurrentLocation + ('>' * ($NestedPromptLevel + 1)) + ' '
            }
            [Environment]::GetEnvironmentVariable('CONDA_PROMPT_MODIFIER') + $text
        }
    }

    function global:deactivate {
        $state = $global:_envstrap
        if (-not $state) {
            [Console]::Error.WriteLine('envstrap: no environment was activated in this shell; nothing to do.')
            $global:LASTEXITCODE = 1
            return
        }
        # --conda: conda ran deactivate.d itself, ending with our hook (docs/conda-interop.md).
        $conda = $args -contains '--conda'
        $hooks = $state.Prefix + @DEACTIVATE_D@
        if (-not $conda -and (Test-Path -LiteralPath $hooks -PathType Container)) {
            $state.Deactivating = $true
            $names = [string[]] @(Get-ChildItem -LiteralPath $hooks -Filter '*.ps1' -File | Where-Object { $_.Extension -eq '.ps1' } | ForEach-Object { $_.Name })
            [Array]::Sort($names, [StringComparer]::OrdinalIgnoreCase)
            [Array]::Reverse($names)
            foreach ($name in $names) {
                . ($hooks + '\' + $name)
            }
            $state.Deactivating = $false
        }
        $sep = [IO.Path]::PathSeparator
        foreach ($name in $state.ConfigVars) {
            [Environment]::SetEnvironmentVariable($name, $state.Saved[$name])
        }
        $path = [Environment]::GetEnvironmentVariable('PATH')
        # conda's deactivate takes off all our PATH entries but the last (condabin): hook or not.
        $condaLeft = $state.AddedPath.Split($sep)[-1]
        if ($state.Saved['PATH']) {
            $condaLeft = $condaLeft + $sep + $state.Saved['PATH']
        }
        if ($path -ceq $state.NewPath -or $path -ceq $condaLeft) {
            [Environment]::SetEnvironmentVariable('PATH', $state.Saved['PATH'])
        } elseif ($path -and $path.StartsWith($state.AddedPath + $sep, [StringComparison]::Ordinal)) {
            # PATH was changed while active: keep those changes, drop only our entries.
            [Environment]::SetEnvironmentVariable('PATH', $path.Substring($state.AddedPath.Length + 1))
        } else {
            [Console]::Error.WriteLine('envstrap: PATH was reordered while active; left as it is.')
        }
        foreach ($name in @RESTORED@) {
            [Environment]::SetEnvironmentVariable($name, $state.Saved[$name])
        }
        if ($state.Prompt) {
            if ($state.OldPrompt) {
                Set-Item -Path 'Function:global:prompt' -Value $state.OldPrompt
            } else {
                Remove-Item -Path 'Function:global:prompt' -ErrorAction SilentlyContinue
            }
        }
        Remove-Variable -Name '_envstrap' -Scope Global
        Remove-Item -Path 'Function:\deactivate'
        $global:LASTEXITCODE = 0
    }

    $hooks = $prefix + @ACTIVATE_D@
    if (Test-Path -LiteralPath $hooks -PathType Container) {
        $names = [string[]] @(Get-ChildItem -LiteralPath $hooks -Filter '*.ps1' -File | Where-Object { $_.Extension -eq '.ps1' } | ForEach-Object { $_.Name })
        [Array]::Sort($names, [StringComparer]::OrdinalIgnoreCase)
        foreach ($name in $names) {
            . ($hooks + '\' + $name)
        }
    }
    $global:LASTEXITCODE = 0
}
