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

    # Config vars, as conda applies them (docs/design/config-vars.md: the JSON read, and what a
    # value may hold; every shell reads them alike): package-provided variables first
    # (env_vars.d\*.json, flat objects, by name), then `conda env config vars` (the "env_vars"
    # object of conda-meta\state), which win. Names are upper-cased; managed and reserved names
    # are skipped; the unset sentinel hides a value an earlier file set and leaves a variable the
    # user set alone; an empty value unsets. Each file is checked whole before any of it is used.
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
    $w = '[ \t\n\r\v\f]*'
    $s = '"(?:[^"\\\x00-\x1f\x7f]|\\(?:["\\/bfnrt]|u[0-9A-Fa-f]{4}))*"'
    $flat = '\{' + $w + '(?:' + $s + $w + ':' + $w + $s + '(?:' + $w + ',' + $w + $s + $w + ':' + $w + $s + ')*)?' + $w + '\}'
    $raw = '"((?:[^"\\]|\\.)*)"'
    foreach ($source in $sources) {
        $file = $source[0]
        if (-not (Test-Path -LiteralPath $file -PathType Leaf)) {
            continue
        }
        $json = [IO.File]::ReadAllText($file)
        $value = $s
        if ($source[1]) {
            $value = '(?:' + $s + '|' + $flat + ')'
        }
        if ($json -cnotmatch ('^' + $w + '\{' + $w + '(?:' + $s + $w + ':' + $w + $value + '(?:' + $w + ',' + $w + $s + $w + ':' + $w + $value + ')*)?' + $w + '\}' + $w + '$')) {
            & $say ('envstrap: ''' + $file + ''' is not JSON activation can read (an object of strings); its config vars are skipped.')
            continue
        }
        $objects = @($json)
        if ($source[1]) {
            $objects = @()
            foreach ($member in [regex]::Matches($json, $raw + $w + ':' + $w + '(' + $s + '|' + $flat + ')')) {
                if ($member.Groups[1].Value -ceq 'env_vars' -and $member.Groups[2].Value.StartsWith('{')) {
                    $objects += $member.Groups[2].Value
                }
            }
        }
        foreach ($object in $objects) {
            foreach ($pair in [regex]::Matches($object, $raw + $w + ':' + $w + $raw)) {
                $name = $pair.Groups[1].Value
                $text = $pair.Groups[2].Value
                if ($name -cnotmatch '^[A-Za-z_][A-Za-z0-9_]*$') {
                    & $say ('envstrap: config var ''' + $name + ''' is not a usable variable name; skipped.')
                    continue
                }
                $up = $name.ToUpperInvariant()
                if (($managed -ccontains $up) -or $up.StartsWith('@INTERNAL_PREFIX@', [StringComparison]::Ordinal)) {
                    & $say ('envstrap: config var ' + $up + ' is managed by activation; skipped.')
                    continue
                }
                if ($text.Replace('\\', '') -cmatch '\\[bfnru]') {
                    & $say ('envstrap: config var ' + $up + ' holds an escape activation does not decode (\b \f \n \r \u); skipped.')
                    continue
                }
                $text = $text.Replace('\\', [string][char]27).Replace('\"', '"').Replace('\/', '/').Replace('\t', "`t").Replace([string][char]27, '\')
                if ($text.Contains('"') -and ($text -match '[&|<>^]')) {
                    & $say ('envstrap: config var ' + $up + ' holds a double quote together with one of & | < > ^, which cmd.exe cannot carry; skipped.')
                    continue
                }
                $known = $configVars -ccontains $up
                if ($text -ceq @UNSET_SENTINEL@) {
                    if ($known) {
                        [Environment]::SetEnvironmentVariable($up, $saved[$up])
                        $saved.Remove($up)
                        $configVars = @($configVars | Where-Object { $_ -cne $up })
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
                if ($text) {
                    [Environment]::SetEnvironmentVariable($up, $text)
                } else {
                    [Environment]::SetEnvironmentVariable($up, $null)
                }
            }
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
        # conda's suspend and resume (docs/conda-interop.md): activation's values while suspended
        Suspended = $false
        New = $null
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
        # --suspend, --resume: from envstrap's conda hooks (docs/conda-interop.md). conda leaves
        # for another environment or reactivates this one: every variable back as it was before
        # activation, activation's values kept for the resume (PATH is conda's). The prompt
        # function stays: it shows CONDA_PROMPT_MODIFIER, which conda sets for the other one.
        if ($args -contains '--suspend') {
            if (-not $state.Suspended) {
                $state.New = @{}
                foreach ($name in @(@RESTORED@ + @($state.ConfigVars))) {
                    $state.New[$name] = [Environment]::GetEnvironmentVariable($name)
                    [Environment]::SetEnvironmentVariable($name, $state.Saved[$name])
                }
                $state.New.Remove(@CONDA_LEVEL@)  # conda's: conda sets it before the resume
                $state.Suspended = $true
            }
            return
        }
        if ($args -contains '--resume') {
            if ($state.Suspended) {
                foreach ($name in @($state.New.Keys)) {
                    [Environment]::SetEnvironmentVariable($name, $state.New[$name])
                }
                $state.New = $null
                $state.Suspended = $false
            }
            return
        }
        if ($state.Suspended) {
            $on = [Environment]::GetEnvironmentVariable('CONDA_PREFIX')
            if (-not $on) {
                $on = 'another environment'
            }
            [Console]::Error.WriteLine('envstrap: ''' + $state.Prefix + ''' is not active here: conda activated ' + $on + ' on top of it; run ''conda deactivate'' first.')
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
        } elseif ($path) {
            # PATH was changed while active: take out one occurrence of each entry activation
            # added (the first, wherever it now stands; Windows ignores case); every other
            # change stays (conda's rule).
            $entries = New-Object 'Collections.Generic.List[string]'
            $entries.AddRange([string[]] $path.Split($sep))
            foreach ($entry in $state.AddedPath.Split($sep)) {
                for ($i = 0; $i -lt $entries.Count; $i++) {
                    if ([string]::Equals($entries[$i], $entry, [StringComparison]::OrdinalIgnoreCase)) {
                        $entries.RemoveAt($i)
                        break
                    }
                }
            }
            [Environment]::SetEnvironmentVariable('PATH', [string]::Join([string] $sep, $entries.ToArray()))
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
