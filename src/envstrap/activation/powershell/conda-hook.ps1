# envstrap @VERSION@: conda dot-sources this whenever it deactivates the environment; it runs
# after every other deactivate.d script (conda runs them in reverse name order; this name
# sorts first). After `conda deactivate` it finishes what envstrap's Activate.ps1 did in this
# shell. envstrap's own deactivate runs it too; then it does nothing. Generated; do not edit.
$_envstrapState = Get-Variable -Name '_envstrap' -Scope Global -ValueOnly -ErrorAction SilentlyContinue
if ($_envstrapState -and -not $_envstrapState.Deactivating -and ($_envstrapState.Prefix -eq $Env:CONDA_PREFIX)) {
    # Only for `conda deactivate`, which has already taken our first folder off PATH when
    # it runs this: conda runs deactivate.d the same way for `conda activate OTHER` and to
    # reactivate (after `conda install`, or `conda activate` of this environment), and those
    # two cannot be told apart here; envstrap must stay active through a reactivation.
    $_envstrapFirst = $_envstrapState.AddedPath.Split([IO.Path]::PathSeparator)[0]
    if (-not (([string] $Env:PATH).Split([IO.Path]::PathSeparator) -contains $_envstrapFirst)) {
        deactivate '--conda'  # quoted: an argument, never a parameter name
    }
    Remove-Variable -Name '_envstrapFirst' -ErrorAction SilentlyContinue
}
Remove-Variable -Name '_envstrapState' -ErrorAction SilentlyContinue
