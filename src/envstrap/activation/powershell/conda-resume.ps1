# envstrap @VERSION@: conda dot-sources this when it activates the environment, before the other
# activate.d scripts (conda runs them in name order; this name sorts first). If envstrap's
# deactivate.d hook suspended envstrap's activation in this session (conda reactivating the
# environment, or coming back to it from another), it resumes it. Generated; do not edit.
$_envstrapState = Get-Variable -Name '_envstrap' -Scope Global -ValueOnly -ErrorAction SilentlyContinue
# (a reactivation sets no CONDA_PREFIX: the suspend put back its value from before activation)
if ($_envstrapState -and $_envstrapState.Suspended -and (-not $Env:CONDA_PREFIX -or ($_envstrapState.Prefix -eq $Env:CONDA_PREFIX))) {
    deactivate '--resume'  # quoted: an argument, never a parameter name
}
Remove-Variable -Name '_envstrapState' -ErrorAction SilentlyContinue
