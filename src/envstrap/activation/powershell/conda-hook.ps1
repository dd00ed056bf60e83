# envstrap @VERSION@: conda dot-sources this when it deactivates the environment (`conda
# deactivate`, `conda activate OTHER`), after every other deactivate.d script (conda runs them
# in reverse name order; this name sorts first). It finishes what envstrap's Activate.ps1 did in
# this session; envstrap's own `deactivate` runs it too, and then it does nothing. Generated; do
# not edit.
$_envstrapState = Get-Variable -Name '_envstrap' -Scope Global -ValueOnly -ErrorAction SilentlyContinue
if ($_envstrapState -and -not $_envstrapState.Deactivating -and ($_envstrapState.Prefix -eq $Env:CONDA_PREFIX)) {
    deactivate --conda
}
Remove-Variable -Name '_envstrapState' -ErrorAction SilentlyContinue
