"""Render the activation plan as `Activate.ps1`, for Windows PowerShell 5.1 and PowerShell 7.

The environment is the folder the script is in (`$PSScriptRoot`); nothing in the file names it,
so a moved or renamed environment activates where it is. Every literal is single-quoted (`'`
doubled, and the typographic quotes PowerShell also treats as single quotes), so no text from
the plan is ever expanded. The file is UTF-8 with a BOM: Windows PowerShell 5.1 reads a file
without one in the ANSI code page. Only syntax of PowerShell 3 and later is used (no `??`,
ternary or `&&`).

    . C:\\path\\to\\env\\Activate.ps1     (or & / .\\Activate.ps1: both work)
    deactivate

Everything happens in a script block, so the caller's variables are untouched; the only globals
are `$_envstrap` (what deactivate needs), the `deactivate` function and, unless
ENVSTRAP_DISABLE_PROMPT is set, a wrapped `prompt` function. A refusal (status 3 in
`$LASTEXITCODE`, message on stderr) defines and changes nothing else.

Config vars follow conda's rules as in the other shells (etc\\conda\\env_vars.d\\*.json, then
conda-meta\\state's "env_vars", read with ConvertFrom-Json; names upper-cased; managed names such
as PATH skipped; "***unset***" hides an earlier file's value).

No PowerShell runs in this project's tests: they parse the file (tree-sitter-powershell) and
check its key lines; docs/testing.md ("Windows") has the manual smoke test.
"""

from __future__ import annotations

from envstrap.activation.plan import (
    PROMPT_UNSAFE_CHARACTERS,
    ActivationPlan,
    Literal,
    PrefixPath,
    PromptModifier,
    Value,
)
from envstrap.activation.template import fill

FILENAME = "Activate.ps1"
NEWLINE = "\r\n"
BOM = True

# PowerShell reads all of these as a single quote; inside a single-quoted string each is doubled.
_SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b"


def quote(text: str) -> str:
    """A single-quoted PowerShell string: nothing inside is expanded."""
    for q in _SINGLE_QUOTES:
        text = text.replace(q, q + q)
    return "'" + text + "'"


def _native(relative: str) -> str:
    return relative.replace("/", "\\")


def value_expr(value: Value) -> str:
    """A PowerShell expression for a plan value; $prefix holds the folder at activation."""
    if isinstance(value, Literal):
        return quote(value.text)
    if isinstance(value, PrefixPath):
        if not value.relative:
            return "$prefix"
        return "($prefix + " + quote("\\" + _native(value.relative)) + ")"
    if isinstance(value, PromptModifier):
        return "$modifier"
    raise TypeError(value)


def _list(names) -> str:
    return "@(" + ", ".join(quote(n) for n in names) + ")"


def _guard(plan: ActivationPlan) -> str:
    blocks = []
    for marker in plan.guard_markers:
        var = quote(marker.variable)
        active = "$value -and $value -notmatch '^0+$'" if marker.positive_number else "$value"
        blocks.append(
            f"    $value = [Environment]::GetEnvironmentVariable({var})\n"
            f"    if ({active}) {{\n"
            f"        & $refuse {var} $value {quote(marker.meaning)}\n"
            "        return\n"
            "    }"
        )
    return "\n".join(blocks)


_TEMPLATE = r"""# envstrap @VERSION@: activation for PowerShell (Windows PowerShell 5.1, PowerShell 7). Generated; do not edit.
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
        & $say 'envstrap: only one environment may be active in a shell and in the shells it starts; run ''deactivate'' (or ''conda deactivate'') first, or open a new shell with no environment active.'
        $global:LASTEXITCODE = 3
    }

    if ((Test-Path -LiteralPath @MARKER_ITEM@) -and ([Environment]::GetEnvironmentVariable(@MARKER@) -eq $prefix)) {
        & $say ('envstrap: ''' + $prefix + ''' is already active in this shell or its parent; nothing to do.')
        $global:LASTEXITCODE = 0
        return
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
    $managed = @SAVED@ + @('PROMPT')
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
    }
    if (-not [Environment]::GetEnvironmentVariable(@PROMPT_OPT_OUT@)) {
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
        $hooks = $state.Prefix + @DEACTIVATE_D@
        if (Test-Path -LiteralPath $hooks -PathType Container) {
            $names = [string[]] @(Get-ChildItem -LiteralPath $hooks -Filter '*.ps1' -File | Where-Object { $_.Extension -eq '.ps1' } | ForEach-Object { $_.Name })
            [Array]::Sort($names, [StringComparer]::OrdinalIgnoreCase)
            [Array]::Reverse($names)
            foreach ($name in $names) {
                . ($hooks + '\' + $name)
            }
        }
        $sep = [IO.Path]::PathSeparator
        foreach ($name in $state.ConfigVars) {
            [Environment]::SetEnvironmentVariable($name, $state.Saved[$name])
        }
        $path = [Environment]::GetEnvironmentVariable('PATH')
        if ($path -ceq $state.NewPath) {
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
"""


def render(plan: ActivationPlan, version: str) -> str:
    # Each entry in parentheses: PowerShell's comma binds tighter than +.
    path_dirs = "@(" + ", ".join(value_expr(PrefixPath(d)) for d in plan.path_dirs) + ")"
    set_vars = "\n".join(
        f"    [Environment]::SetEnvironmentVariable({quote(name)}, {value_expr(value)})"
        for name, value in plan.set_vars
    )
    replacements = {
        "@VERSION@": version,
        "@MARKER@": quote(plan.marker_variable),
        "@MARKER_ITEM@": quote("Env:" + plan.marker_variable),
        "@GUARD@": _guard(plan),
        "@SAVED@": _list(plan.saved_variables),
        "@RESTORED@": _list(plan.saved_variables[1:]),  # PATH is restored on its own
        "@UNSAFE@": _list(PROMPT_UNSAFE_CHARACTERS),
        "@PATH_DIRS@": path_dirs,
        "@SET_VARS@": set_vars,
        "@UNSET_VARS@": _list(plan.unset_vars),
        "@STATE_FILE@": quote("\\" + _native(plan.state_file)),
        "@ENV_VARS_D@": quote("\\" + _native(plan.env_vars_dir)),
        "@PROMPT_OPT_OUT@": quote(plan.prompt_opt_out),
        "@ACTIVATE_D@": quote("\\" + _native(plan.activate_hooks_dir)),
        "@DEACTIVATE_D@": quote("\\" + _native(plan.deactivate_hooks_dir)),
        "@UNSET_SENTINEL@": quote(plan.unset_sentinel),
    }
    return fill(_TEMPLATE, replacements)
