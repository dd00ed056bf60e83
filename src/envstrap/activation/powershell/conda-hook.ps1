# envstrap @VERSION@: conda dot-sources this whenever it deactivates the environment; it runs
# after every other deactivate.d script (conda runs them in reverse name order; this name
# sorts first). After `conda deactivate` it finishes what envstrap's Activate.ps1 did in this
# shell. envstrap's own deactivate runs it too; then it does nothing. Generated; do not edit.
$_envstrapState = Get-Variable -Name '_envstrap' -Scope Global -ValueOnly -ErrorAction SilentlyContinue
if ($_envstrapState -and -not $_envstrapState.Deactivating -and -not $_envstrapState.Suspended -and ($_envstrapState.Prefix -eq $Env:CONDA_PREFIX)) {
    # `conda deactivate` has already taken our first folder off PATH: finish deactivating.
    # Otherwise conda leaves for another environment or reactivates this one (after `conda
    # install`, or `conda activate` of this environment), which cannot be told apart here:
    # suspend (variables as before activation, bookkeeping kept in $global:_envstrap);
    # etc\conda\activate.d\000-envstrap.ps1 resumes if conda activates this environment again.
    # Above level 1 (conda activated this environment again on top of another) conda will come
    # back to it at level 1, so `conda deactivate` suspends there too.
    $_envstrapFirst = $_envstrapState.AddedPath.Split([IO.Path]::PathSeparator)[0]
    $_envstrapLevel = [string] $Env:CONDA_SHLVL
    if (($_envstrapLevel -and $_envstrapLevel -ne '1') -or (([string] $Env:PATH).Split([IO.Path]::PathSeparator) -contains $_envstrapFirst)) {
        deactivate '--suspend'  # quoted: an argument, never a parameter name
    } else {
        deactivate '--conda'
    }
    Remove-Variable -Name '_envstrapFirst', '_envstrapLevel' -ErrorAction SilentlyContinue
}
Remove-Variable -Name '_envstrapState' -ErrorAction SilentlyContinue
