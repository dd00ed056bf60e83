# with-env.ps1: run one command inside the envstrap environment this file sits in.
#
# Keep a copy in the environment folder (see docs\guide.md, "Practical scripts"):
#   Copy-Item docs\examples\with-env.ps1 D:\envs\py311\
#   powershell -NoProfile -ExecutionPolicy Bypass -File D:\envs\py311\with-env.ps1 python -m pip list
# It finds the environment from its own location ($PSScriptRoot), never from a path written into
# it, so it keeps working when the folder is moved or copied. Started with -File it runs in its
# own PowerShell process: your shell is unchanged afterwards.
# Exit status: the command's; 2 without a command; otherwise activation's
# (3: another environment is active in this shell; see docs\exit-codes.md).
if ($args.Count -eq 0) {
    [Console]::Error.WriteLine('usage: with-env.ps1 COMMAND [ARGUMENT]...')
    exit 2
}
$global:LASTEXITCODE = 0
& (Join-Path $PSScriptRoot 'Activate.ps1')
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
$command = $args[0]
$rest = @($args | Select-Object -Skip 1)
& $command @rest
exit $LASTEXITCODE
