# envstrap stage 0 for Windows PowerShell 5.1 and PowerShell 7 (no Python needed).
#
#   .\bootstrap\envstrap.ps1 TARGET [--python VERSION] [--with SPEC]... [options]
#
# When the execution policy blocks scripts, run it like this (this changes no policy):
#   powershell -NoProfile -ExecutionPolicy Bypass -File bootstrap\envstrap.ps1 D:\envs\py312 --python 3.12
#
# Checks that the shell is clean and the target is safe, lets micromamba create the environment
# (python + conda + mamba) in TARGET, then hands over to stage 1 (src\envstrap) running on the new
# environment's own Python. Writes only inside TARGET and the package cache you choose.
# Same options, checks, messages and exit codes as envstrap.sh (see --help, docs\exit-codes.md).
# Options are GNU-style (--python 3.12) and parsed from $args here, not by PowerShell's binder.
# This file is UTF-8 with a BOM (Windows PowerShell 5.1 reads it correctly only then) and uses
# nothing newer than PowerShell 5.1.

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'  # 5.1's progress bar slows Invoke-WebRequest badly

# BEGIN GENERATED: constants (python3 tools/build.py --regions writes it from src/envstrap)
$ENVSTRAP_VERSION = '0.1.0'

$EXIT_OK = 0
$EXIT_FAILED = 1
$EXIT_USAGE = 2
$EXIT_SHELL_NOT_CLEAN = 3
$EXIT_TARGET_REFUSED = 4
$EXIT_MICROMAMBA_UNAVAILABLE = 5
$EXIT_CREATE_FAILED = 6
$EXIT_FINALIZE_FAILED = 7
$EXIT_NOT_AN_ENVSTRAP_ENV = 8
$EXIT_TARGET_BUSY = 9
$EXIT_STAGE1_DAMAGED = 10
$EXIT_INTERRUPTED = 130
$EXIT_TERMINATED = 143

# The variables that mean "a Python environment is active" (src/envstrap/guard.py).
$ACTIVE_ENV_MARKERS = @('ENVSTRAP_PREFIX', 'CONDA_PREFIX', 'CONDA_SHLVL', 'VIRTUAL_ENV', 'PYTHON_ENVS')

# Characters refused in a target (REFUSED_CHARACTERS in src/envstrap/layout.py), and why.
$REFUSED_CHARACTERS = [ordered]@{
    '!' = 'it is eaten by cmd''s delayed expansion (cmd /V:ON, micromamba''s own activation scripts), so micromamba cannot carry it'
    '%' = 'CALL expands it a second time, so activate.bat could not be called by its path'
    '^' = 'CALL doubles it inside quotes, so activate.bat could not find its folder (conda refuses it too)'
    ';' = 'it separates PATH entries'
    '"' = 'it ends a quoted value (Windows does not allow it in file names either)'
}

# Variables removed from the environment of micromamba and stage 1 (restored afterwards).
$SCRUBBED_PATTERNS = @('CONDA_*', '_CE_*', '_CONDA_*', 'MAMBA_*', 'PYTHON*', 'CONDARC', 'MAMBARC', 'VIRTUAL_ENV', 'ENVSTRAP_*')

# The command line that runs stage 1 with the environment's own Python, isolated
# (-I: no user site, no PYTHON* variables, no current folder on sys.path; -B: no .pyc).
$STAGE1_BOOT = 'import sys; sys.path.insert(0, sys.argv.pop(1)); from envstrap.cli import main; sys.exit(main())'
# END GENERATED

# Room for the longest file a conda environment holds below its folder (MAX_PATH check).
$PATH_ROOM = 120

$VALUE_OPTIONS = @('--python', '--with', '--channel', '--micromamba', '--pkgs-dir', '--lock', '--micromamba-url', '--micromamba-sha256', '--bundle')

# BEGIN GENERATED: usage (python3 tools/build.py --regions writes it from src/envstrap)
function Show-Usage {
    $text = @'
Usage: envstrap.ps1 TARGET [options]
       envstrap.ps1 NEW --bundle DIR
       envstrap.ps1 doctor TARGET [--json] [--deep]
       envstrap.ps1 bundle TARGET DIR [--micromamba PATH]
       envstrap.ps1 --help | --version

Create a standalone conda environment (python, conda, mamba) in the folder TARGET.
micromamba is downloaded from the URL pinned in micromamba.pins (next to this script,
or built into it) and run only after its sha256 matches the pin.
The system proxy and HTTPS_PROXY/NO_PROXY are honoured.
Supported micromamba versions (also for --micromamba PATH): 1.5.x and 2.x; others exit 5.

Options:
  --python VERSION   Python version to install (e.g. 3.12); default: the newest
  --with SPEC        an extra conda package spec to install (repeatable), e.g. --with uv
  --channel URL      channel to install from (repeatable; default conda-forge);
                     a name, an http(s)/file:// URL or a local folder
  --lock FILE        install exactly the packages of an explicit lock (e.g. the
                     .envstrap\lock.txt of another environment), with no solve
  --offline          use only the package cache (and a cached or given micromamba)
  --bundle DIR       make the environment from a bundle (see "bundle" below) with no
                     network at all; every file is checked against its SHA256SUMS first
  --pkgs-dir DIR     package cache (default TARGET\pkgs); share one across environments
  --micromamba PATH  use this micromamba.exe (nothing is downloaded)
  --micromamba-url URL --micromamba-sha256 HEX
                     download micromamba from this https:// or file:// URL (a mirror)
                     and accept it only with this sha256; both or neither
  --keep-failed      keep a target this run created when the run fails
                     (default: remove it; a target that existed before is never removed)
  -h, --help         show this help
  --version          show envstrap's version

The target must not contain ! % ^ ; or double quotes (cmd.exe cannot carry them), be a
drive root, your profile folder, the Windows folder or a network (\\server\share) path.

doctor checks an environment and this shell for anything that breaks isolation
(exit 0: no errors, 1: errors, 8: not an envstrap environment).
bundle writes DIR with every package file, micromamba, the lock and checksums of TARGET.
doctor and bundle run TARGET's own python: use them only on folders you trust.

Afterwards:
  & TARGET\Activate.ps1           (PowerShell)
  call TARGET\activate.bat        (cmd.exe)
  deactivate

If the execution policy blocks scripts (this changes no policy):
  powershell -NoProfile -ExecutionPolicy Bypass -File envstrap.ps1 D:\envs\py312 --python 3.12

Exit codes:
  0   success
  1   failed (doctor: errors found)
  2   bad command line
  3   another Python environment is active in this shell
  4   target path refused (unsafe or unusable)
  5   no usable, verified micromamba
  6   micromamba could not create the environment
  7   stage 1 could not finish the environment
  8   not a (complete) envstrap environment
  9   another envstrap run is using the target
  10  this single-file envstrap is damaged (its stage 1 fails its sha256)
  130 interrupted (Ctrl-C)
'@
    [Console]::Out.WriteLine($text)
}
# END GENERATED

# ---- messages and exits ------------------------------------------------------------------------

function Write-Say([string]$Message) {
    [Console]::Error.WriteLine('envstrap: ' + $Message)
}

# The one way this script fails: one error line, an optional hint, the exit code. `exit` runs the
# finally block of Invoke-Main, which cleans up.
function Stop-Envstrap([int]$Code, [string]$Message, [string]$Hint = '') {
    [Console]::Error.WriteLine('envstrap: error: ' + $Message)
    if ($Hint) { [Console]::Error.WriteLine('envstrap: hint: ' + $Hint) }
    if ($script:DoctorJson) { Write-DoctorJsonError $Code $Message }
    $script:ExitStatus = $Code
    exit $Code
}

# doctor --json promises one JSON object on stdout, also when doctor cannot run (schema in
# docs/doctor.md): the error, its exit code, no checks.
function Write-DoctorJsonError([int]$Code, [string]$Message) {
    $document = [ordered]@{
        schema = 1
        envstrap_version = $ENVSTRAP_VERSION
        target = $script:DoctorJsonTarget
        deep = $script:DoctorJsonDeep
        error = [ordered]@{ exit_code = $Code; message = $Message }
        summary = [ordered]@{ error = 0; warning = 0; info = 0 }
        checks = @()
        findings = @()
    }
    [Console]::Out.WriteLine((ConvertTo-Json -InputObject $document -Depth 4 -Compress))
}

function Stop-Usage([string]$Message) {
    Stop-Envstrap $EXIT_USAGE $Message "see 'envstrap.ps1 --help'"
}

function Exit-Envstrap([int]$Code) {
    $script:ExitStatus = $Code
    exit $Code
}

# ---- paths ---------------------------------------------------------------------------------------

# Absolute path of $Path (relative to PowerShell's current folder), with . and .. resolved
# textually, / turned into \ and no trailing backslash. $null when Windows cannot use it.
function Resolve-FullPath([string]$Path) {
    try {
        $p = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
        $p = [System.IO.Path]::GetFullPath($p)
    } catch {
        return $null
    }
    while ($p.Length -gt 3 -and $p.EndsWith('\')) { $p = $p.Substring(0, $p.Length - 1) }
    return $p
}

function Get-TrimmedPath([string]$Path) {
    $p = $Path
    while ($p.Length -gt 3 -and $p.EndsWith('\')) { $p = $p.Substring(0, $p.Length - 1) }
    return $p
}

# Where a junction or symbolic link at $Path points (absolute), or '' when it is not a link.
function Get-LinkTarget([string]$Path) {
    try {
        $item = Get-Item -LiteralPath $Path -Force
        if (-not ($item.Attributes -band [System.IO.FileAttributes]::ReparsePoint)) { return '' }
        $target = @($item.Target) | Select-Object -First 1
        if (-not $target) { return '' }
        $target = [string]$target
        if ($target.StartsWith('\\?\')) { $target = $target.Substring(4) }
        if (-not [System.IO.Path]::IsPathRooted($target)) {
            $target = Join-Path ([System.IO.Path]::GetDirectoryName($Path)) $target
        }
        $resolved = Resolve-FullPath $target
        if ($resolved) { return $resolved }
    } catch {
        return ''
    }
    return ''
}

function Test-Folder([string]$Path) {
    return (Test-Path -LiteralPath $Path -PathType Container)
}

function Test-EmptyFolder([string]$Path) {
    $first = Get-ChildItem -LiteralPath $Path -Force | Select-Object -First 1
    return ($null -eq $first)
}

function Get-FileHead([string]$Path, [int]$Count) {
    $stream = [System.IO.File]::OpenRead($Path)
    try {
        $buffer = New-Object byte[] $Count
        $read = $stream.Read($buffer, 0, $Count)
        if ($read -lt $Count) {
            $short = New-Object byte[] $read
            [Array]::Copy($buffer, $short, $read)
            return ,$short
        }
        return ,$buffer
    } finally {
        $stream.Dispose()
    }
}

function Get-Sha256([string]$Path) {
    return (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash.ToLowerInvariant()
}

function Write-TextFile([string]$Path, [string]$Text) {
    [System.IO.File]::WriteAllText($Path, $Text, (New-Object System.Text.UTF8Encoding $false))
}

function ConvertTo-YamlQuoted([string]$Value) {  # a YAML single-quoted scalar: only ' is doubled
    return "'" + $Value.Replace("'", "''") + "'"
}

# ---- command line --------------------------------------------------------------------------------

# An argument as text. PowerShell hands unquoted numbers to a script as numbers: 3.12 arrives
# as 3.12, but 3.10 as 3.1, so a one-digit fraction is ambiguous and refused.
function ConvertTo-ArgText($Value, [string]$Option) {
    if ($null -eq $Value) { return '' }
    if ($Value -is [string]) { return $Value }
    $invariant = [System.Globalization.CultureInfo]::InvariantCulture
    if ($Value -is [double] -or $Value -is [decimal] -or $Value -is [single]) {
        $text = ([double]$Value).ToString($invariant)
        if ($text -match '^[0-9]+\.[0-9]$') {
            Stop-Usage "$Option got the number $text from PowerShell, which may have been $($text)0; quote the version, e.g. $Option '3.10'"
        }
        return $text
    }
    if ($Value -is [int] -or $Value -is [long]) { return ([long]$Value).ToString($invariant) }
    if ($Value -is [array]) {
        Stop-Usage "PowerShell turned an argument with commas into a list; quote it, e.g. --with 'a,b'"
    }
    return [string]$Value
}

function Set-Target([string]$Value) {
    if ($script:Target) { Stop-Usage "unexpected argument '$Value' (the target is already '$($script:Target)')" }
    if (-not $Value) { Stop-Usage 'the target must not be empty' }
    $script:Target = $Value
}

# Both forms, --opt value and --opt=value, arrive here and are checked alike: a value that
# starts with - would reach micromamba as an option, a line break would split it in two.
function Set-Option([string]$Option, [string]$Value) {
    if ($Value -eq '') { Stop-Usage "option $Option needs a value" }
    if ($Value.StartsWith('-')) { Stop-Usage "option $Option needs a value, got '$Value'" }
    if ($Value.Contains("`n") -or $Value.Contains("`r")) { Stop-Usage "option ${Option}: a value must not contain a newline" }
    switch -CaseSensitive ($Option) {
        '--python' {
            if ($Value -notmatch '^[0-9.*]+$' -or $Value.StartsWith('.') -or $Value.Contains('..')) {
                Stop-Usage "--python takes a version such as 3.12 or 3.12.4, got '$Value'"
            }
            $script:PythonVersion = $Value
        }
        '--with' { [void]$script:SpecsWith.Add($Value) }
        '--channel' { [void]$script:Channels.Add($Value) }
        '--micromamba' { $script:Micromamba = $Value }
        '--pkgs-dir' { $script:PkgsDir = $Value }
        '--lock' { $script:LockFile = $Value }
        '--bundle' { $script:Bundle = $Value }
        '--micromamba-url' {
            if (-not ($Value.StartsWith('https://') -or $Value.StartsWith('file://'))) {
                Stop-Usage "--micromamba-url must be an https:// or file:// URL, got '$Value'"
            }
            $script:MicromambaUrl = $Value
        }
        '--micromamba-sha256' {
            if ($Value -notmatch '^[0-9a-fA-F]{64}$') {
                Stop-Usage "--micromamba-sha256 takes 64 hex digits, got '$Value'"
            }
            $script:MicromambaPin = $Value.ToLowerInvariant()
        }
    }
}

function Read-Arguments([object[]]$Arguments) {
    # PowerShell splits `--opt=https://x` typed at its prompt into '--opt=https:' and '//x'.
    $argv = New-Object System.Collections.Generic.List[string]
    $i = 0
    while ($i -lt $Arguments.Count) {
        $label = 'an argument'
        if ($argv.Count -gt 0 -and $argv[$argv.Count - 1] -ceq '--python') { $label = '--python' }
        $text = ConvertTo-ArgText $Arguments[$i] $label
        if ($text -match '^--[a-z0-9-]+=.*:$' -and ($i + 1) -lt $Arguments.Count) {
            $text = $text + (ConvertTo-ArgText $Arguments[$i + 1] $label)
            $i++
        }
        [void]$argv.Add($text)
        $i++
    }

    $i = 0
    while ($i -lt $argv.Count) {
        $arg = $argv[$i]
        if ($arg -ceq '-h' -or $arg -ceq '--help') {
            Show-Usage
            Exit-Envstrap $EXIT_OK
        } elseif ($arg -ceq '--version') {
            [Console]::Out.WriteLine("envstrap $ENVSTRAP_VERSION")
            Exit-Envstrap $EXIT_OK
        } elseif ($arg -ceq '--offline') {
            $script:Offline = $true
        } elseif ($arg -ceq '--keep-failed') {
            $script:KeepFailed = $true
        } elseif ($VALUE_OPTIONS -ccontains $arg) {
            if (($i + 1) -ge $argv.Count) { Stop-Usage "option $arg needs a value" }
            $value = $argv[$i + 1]
            if ($value -eq '' -or $value.StartsWith('-')) { Stop-Usage "option $arg needs a value, got '$value'" }
            Set-Option $arg $value
            $i++
        } elseif ($arg -cmatch '^(--[a-z0-9-]+)=(.*)$' -and $VALUE_OPTIONS -ccontains $Matches[1]) {
            $opt = $Matches[1]
            $value = $Matches[2]
            if ($value -eq '') { Stop-Usage "option $opt needs a value" }
            Set-Option $opt $value
        } elseif ($arg -ceq '--') {
            if (($i + 1) -lt $argv.Count) { Set-Target $argv[$i + 1]; $i++ }
            if (($i + 1) -lt $argv.Count) { Stop-Usage "unexpected argument '$($argv[$i + 1])'" }
        } elseif ($arg.StartsWith('-')) {
            Stop-Usage "unknown option '$arg'"
        } else {
            Set-Target $arg
        }
        $i++
    }
    if (-not $script:Target) { Stop-Usage 'missing TARGET (the folder to create the environment in)' }
    if ([bool]$script:MicromambaUrl -ne [bool]$script:MicromambaPin) {
        Stop-Usage '--micromamba-url and --micromamba-sha256 go together: give both or neither'
    }
    if ($script:Micromamba -and $script:MicromambaUrl) {
        Stop-Usage '--micromamba and --micromamba-url exclude each other'
    }
    if ($script:LockFile -and ($script:PythonVersion -or $script:SpecsWith.Count -gt 0)) {
        Stop-Usage '--lock installs exactly the locked packages: --python and --with do not apply'
    }
    if ($script:Bundle -and ($script:LockFile -or $script:PythonVersion -or $script:SpecsWith.Count -gt 0 -or
            $script:Channels.Count -gt 0 -or $script:Micromamba -or $script:MicromambaUrl)) {
        Stop-Usage '--bundle brings its own packages, channels and micromamba: --lock, --python, --with, --channel and --micromamba* do not apply'
    }
}

# ---- checks (nothing is written) -------------------------------------------------------------------

function Test-CleanShell {
    foreach ($name in $ACTIVE_ENV_MARKERS) {
        $value = [Environment]::GetEnvironmentVariable($name)
        if (-not $value) { continue }
        if ($name -eq 'CONDA_SHLVL' -and $value -match '^[0-9]+$' -and [long]$value -eq 0) { continue }
        Stop-Envstrap $EXIT_SHELL_NOT_CLEAN "$name is set ('$value'): a Python environment is active in this shell." `
            "envstrap builds environments only from a clean shell. Run 'deactivate' (or 'conda deactivate'), or open a new shell where $name is not set."
    }
}

# LongPathsEnabled is only read here, never written.
function Test-LongPathsEnabled {
    try {
        $item = Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Control\FileSystem' -Name 'LongPathsEnabled' -ErrorAction Stop
        return ([long]$item.LongPathsEnabled -eq 1)
    } catch {
        return $false
    }
}

function Read-LockOwner([string]$Lock) {
    try {
        return [System.IO.File]::ReadAllText((Join-Path $Lock 'owner')).Trim()
    } catch {
        return ''
    }
}

# The run lock's owner file says "PID STARTED HOST" (as envstrap.sh writes it). A lock is stale
# only when it was taken on this host and its process is gone (Get-Process also sees other
# users' processes: another user's live run is alive). A lock from another host is never taken
# over.
function Test-Busy([string]$Folder) {
    $lock = Join-Path $Folder '.envstrap\run.lock'
    if (-not (Test-Folder $lock)) { return }
    $line = Read-LockOwner $lock
    $parts = @($line -split '\s+')
    $owner = ''
    $ownerStarted = 'just now'
    $ownerHost = 'unknown'
    if ($parts[0] -match '^[0-9]+$') { $owner = $parts[0] }
    if ($parts.Count -gt 1) { $ownerStarted = $parts[1] }
    if ($parts.Count -gt 2) { $ownerHost = $parts[2] }
    if ($owner -and $ownerHost -ne $script:HostName) {
        Stop-Envstrap $EXIT_TARGET_BUSY "another envstrap run (process $owner on host '$ownerHost', started $ownerStarted) is using '$Folder'; a lock from another host is never taken over automatically." `
            "wait for it to finish; if no envstrap runs on '$ownerHost', delete the folder '$lock'"
    }
    $alive = $true
    if ($owner) {
        $alive = ($null -ne (Get-Process -Id ([int]$owner) -ErrorAction SilentlyContinue))
    }
    if ($alive) {
        $who = $owner
        if (-not $who) { $who = 'starting' }
        Stop-Envstrap $EXIT_TARGET_BUSY "another envstrap run (process $who, started $ownerStarted) is using '$Folder'." 'wait for it to finish, or stop that process'
    }
    Remove-StaleLock $lock $line $owner
}

# Take the stale lock over atomically: rename it to a name only this run uses, check that what
# was renamed is still the lock judged stale (another run may have taken it over meanwhile: then
# it goes back and this run is the one that waits), then remove it.
function Remove-StaleLock([string]$Lock, [string]$Line, [string]$Owner) {
    $stale = "$Lock.stale-$PID-" + [guid]::NewGuid().ToString('N')
    try {
        [System.IO.Directory]::Move($Lock, $stale)
    } catch {
        Stop-Envstrap $EXIT_TARGET_BUSY "another envstrap run is taking over the stale lock of '$($script:Target)'." 'wait for it to finish'
    }
    if ((Read-LockOwner $stale) -cne $Line) {
        if (-not (Test-Path -LiteralPath $Lock)) {
            try { [System.IO.Directory]::Move($stale, $Lock) } catch { Write-Say "could not put back '$Lock' (now '$stale')" }
        }
        Stop-Envstrap $EXIT_TARGET_BUSY "another envstrap run took over the stale lock of '$($script:Target)' first." 'wait for it to finish'
    }
    Write-Say "removing a stale lock left by process $Owner, which is gone"
    Remove-Item -LiteralPath $stale -Recurse -Force
}

function Test-Target {
    $given = $script:Target
    foreach ($c in $REFUSED_CHARACTERS.Keys) {
        if ($given.Contains([string]$c)) {
            Stop-Envstrap $EXIT_TARGET_REFUSED "the target '$given' contains '$c', which cannot be used safely: $($REFUSED_CHARACTERS[$c])." `
                'choose a folder name without ! % ^ ; or double quotes'
        }
    }
    if ($given.Contains("`n") -or $given.Contains("`r") -or $given.Contains("`t")) {
        Stop-Envstrap $EXIT_TARGET_REFUSED 'the target contains a newline or tab.' 'choose a plain folder name'
    }
    $unc = "the target '$given' is a network (UNC) path: cmd.exe cannot use it as the current folder, and activate.bat and conda's scripts need that."
    $uncHint = 'choose a folder on a local drive, or map the share to a drive letter first'
    if ($given.StartsWith('\\') -or $given.StartsWith('//')) { Stop-Envstrap $EXIT_TARGET_REFUSED $unc $uncHint }
    $full = Resolve-FullPath $given
    if (-not $full) {
        Stop-Envstrap $EXIT_TARGET_REFUSED "the target '$given' is not a valid Windows path." 'choose a plain folder such as D:\envs\py312'
    }
    if ($full.StartsWith('\\')) {
        $unc = "the target '$full' is a network (UNC) path: cmd.exe cannot use it as the current folder, and activate.bat and conda's scripts need that."
        Stop-Envstrap $EXIT_TARGET_REFUSED $unc $uncHint
    }
    if ($full -notmatch '^[A-Za-z]:\\') {
        Stop-Envstrap $EXIT_TARGET_REFUSED "the target '$full' is not on a drive (such as C:\)." 'choose a folder on a local drive'
    }
    if ($full.Length -le 3) {
        Stop-Envstrap $EXIT_TARGET_REFUSED "the target is the root folder '$full' of a drive." 'choose a new or empty folder'
    }
    if ($full.Substring(2).Contains(':')) {
        Stop-Envstrap $EXIT_TARGET_REFUSED "the target '$full' contains ':', which cannot appear in a PATH entry." "choose a folder name without ':'"
    }
    $script:Target = $full
    Write-Say "target: $full"
    if ($env:USERPROFILE -and $full -eq (Get-TrimmedPath $env:USERPROFILE)) {
        Stop-Envstrap $EXIT_TARGET_REFUSED "the target is your home folder '$full' itself." "choose a folder inside it, e.g. $full\envs\py312"
    }
    if ($env:SystemRoot -and $full -eq (Get-TrimmedPath $env:SystemRoot)) {
        Stop-Envstrap $EXIT_TARGET_REFUSED "the target is the Windows folder '$full' itself." 'choose a new or empty folder'
    }
    if (-not (Test-LongPathsEnabled) -and ($full.Length + $PATH_ROOM) -gt 259) {
        Stop-Envstrap $EXIT_TARGET_REFUSED "the target '$full' is $($full.Length) characters long: with $PATH_ROOM more for the files an environment holds it exceeds Windows' 259-character limit, and long paths are not enabled (LongPathsEnabled is 0 or not set)." `
            'choose a shorter path, e.g. C:\envs\py312, or ask an administrator to enable long paths'
    }
    if (Test-Path -LiteralPath $full) {
        if (-not (Test-Folder $full)) {
            Stop-Envstrap $EXIT_TARGET_REFUSED "the target '$full' exists and is not a folder." 'choose a new or empty folder'
        }
        $real = Get-LinkTarget $full
        if ($real) {
            $refused = ($real.Length -le 3)
            if ($env:USERPROFILE -and $real -eq (Get-TrimmedPath $env:USERPROFILE)) { $refused = $true }
            if ($env:SystemRoot -and $real -eq (Get-TrimmedPath $env:SystemRoot)) { $refused = $true }
            if ($refused) {
                Stop-Envstrap $EXIT_TARGET_REFUSED "the target '$full' resolves to '$real'." 'choose a new or empty folder'
            }
        }
        Test-Busy $full
        if (Test-Path -LiteralPath (Join-Path $full '.envstrap\complete') -PathType Leaf) {
            Write-Say "'$full' is already a complete envstrap environment; nothing to do."
            Write-Say "activate it with: & '$full\Activate.ps1'  (cmd.exe: call `"$full\activate.bat`")"
            Exit-Envstrap $EXIT_OK
        } elseif (Test-Path -LiteralPath (Join-Path $full '.envstrap\incomplete') -PathType Leaf) {
            $script:Resuming = $true
        } elseif (-not (Test-EmptyFolder $full)) {
            $why = 'it is not empty'
            if (Test-Path -LiteralPath (Join-Path $full 'pyvenv.cfg') -PathType Leaf) { $why = 'it holds a virtualenv' }
            if (Test-Folder (Join-Path $full 'conda-meta')) { $why = 'it holds a conda environment that envstrap did not create' }
            Stop-Envstrap $EXIT_TARGET_REFUSED "the target '$full' cannot be used: $why." 'choose a new or empty folder; envstrap never deletes what it did not create'
        }
    } else {
        # The target's missing parents, innermost first: made one by one by New-Target.
        $script:NewTarget = $true
        $created = $full
        while ($true) {
            $parent = [System.IO.Path]::GetDirectoryName($created)
            if (-not $parent) { break }
            if (Test-Path -LiteralPath $parent) {
                if (-not (Test-Folder $parent)) {
                    Stop-Envstrap $EXIT_TARGET_REFUSED "'$parent' is in the target's path but is not a folder." 'choose another target'
                }
                break
            }
            [void]$script:MissingParents.Add($parent)
            $created = $parent
        }
    }
}

# Channels as given, except local folders, which become absolute paths.
function Resolve-Channels {
    if ($script:Channels.Count -eq 0) { [void]$script:Channels.Add('conda-forge') }
    $resolved = New-Object System.Collections.Generic.List[string]
    foreach ($ch in $script:Channels) {
        $value = $ch
        if (-not $ch.Contains('://') -and ($ch.Contains('\') -or $ch.Contains('/') -or $ch -match '^[A-Za-z]:')) {
            if (Test-Folder $ch) { $value = Resolve-FullPath $ch }
        }
        [void]$resolved.Add($value)
    }
    $script:Channels = $resolved
}

# BEGIN GENERATED: built (empty here; tools/build.py fills it in the single file dist\envstrap.ps1)
$BUILT_PINS = ''
$STAGE1_SHA256 = ''
# END GENERATED

# The single file (dist\envstrap.ps1) carries the pins in $BUILT_PINS and stage 1 as a base64
# zipapp in a comment after its last line. It is decoded and checked in memory before anything
# is written, then written into TARGET\.envstrap\ (never a shared temp folder) before it runs.
function Read-BuiltStage1 {
    $text = [System.IO.File]::ReadAllText($PSCommandPath)
    $marker = '<#' + '__ENVSTRAP_STAGE1_BASE64__'  # not written whole: this line would match
    $start = $text.LastIndexOf($marker)
    $end = if ($start -ge 0) { $text.IndexOf('#>', $start) } else { -1 }
    $bytes = $null
    $actual = '(unreadable)'
    if ($end -gt $start) {
        $body = $text.Substring($start + $marker.Length, $end - $start - $marker.Length)
        try { $bytes = [Convert]::FromBase64String($body) } catch { $bytes = $null }
    }
    if ($null -ne $bytes) {
        $sha = [System.Security.Cryptography.SHA256]::Create()
        $actual = ([BitConverter]::ToString($sha.ComputeHash($bytes)) -replace '-', '').ToLowerInvariant()
    }
    if ($actual -ne $STAGE1_SHA256) {
        Stop-Envstrap $EXIT_STAGE1_DAMAGED "this envstrap.ps1 is damaged: its built-in stage 1 has sha256 $actual, expected $STAGE1_SHA256." `
            'download it again and check it against SHA256SUMS; nothing was run'
    }
    $script:Stage1Bytes = $bytes
}

# Write the built-in stage 1 to $Path (inside a target's .envstrap), unless an intact copy is there.
function Write-Stage1([string]$Path) {
    if ((Test-Path -LiteralPath $Path -PathType Leaf) -and (Get-Sha256 $Path) -eq $STAGE1_SHA256) { return }
    $script:Partial = "$Path.partial-$PID"
    try {
        [System.IO.File]::WriteAllBytes($script:Partial, $script:Stage1Bytes)
    } catch {
        Stop-Envstrap $EXIT_FAILED "cannot write envstrap's stage 1 to '$($script:Partial)' (read-only or full disk?)."
    }
    $actual = Get-Sha256 $script:Partial
    if ($actual -ne $STAGE1_SHA256) {
        Stop-Envstrap $EXIT_STAGE1_DAMAGED "this envstrap.ps1 is damaged: its built-in stage 1 was written with sha256 $actual, expected $STAGE1_SHA256." `
            'download it again and check it against SHA256SUMS; nothing was run'
    }
    Move-Item -LiteralPath $script:Partial -Destination $Path -Force
    $script:Partial = ''
}

function Find-Stage1 {
    if ($STAGE1_SHA256) {
        Read-BuiltStage1  # written into the target later, by Write-Stage1
        return
    }
    $src = Resolve-FullPath (Join-Path $PSScriptRoot '..\src')
    if (-not $src -or -not (Test-Path -LiteralPath (Join-Path $src 'envstrap\__init__.py') -PathType Leaf)) {
        Stop-Envstrap $EXIT_FAILED 'cannot find envstrap''s stage 1 (src\envstrap) next to this script.' 'run envstrap.ps1 from a complete envstrap checkout'
    }
    $script:Stage1Src = $src
}

# ---- micromamba ----------------------------------------------------------------------------------

function Get-Platform {
    $arch = $env:PROCESSOR_ARCHITEW6432
    if (-not $arch) { $arch = $env:PROCESSOR_ARCHITECTURE }
    # ARM64 Windows runs the win-64 build under emulation.
    if ($arch -eq 'AMD64' -or $arch -eq 'ARM64') { return 'win-64' }
    Stop-Envstrap $EXIT_MICROMAMBA_UNAVAILABLE "unsupported machine '$arch'." 'pass --micromamba PATH'
}

# micromamba.pins (built into the single file, or next to this script) for this platform, into
# $script:PinVersion, $script:PinSha256 (lower case) and $script:PinUrl; $false when there is
# none ($script:PinsFile says where it was looked for). Read by the download (Read-Pins) and, for
# a bundle's pin check (Test-BundleMicromambaPin), by Use-Bundle alike.
function Import-Pins {
    $script:PinsFile = Join-Path $PSScriptRoot 'micromamba.pins'
    $script:PinVersion = ''
    $script:PinSha256 = ''
    $script:PinUrl = ''
    if ($BUILT_PINS) {
        $script:PinsFile = 'built into this script'
        $pinLines = @($BUILT_PINS -split '\r?\n')
    } elseif (Test-Path -LiteralPath $script:PinsFile -PathType Leaf) {
        $pinLines = [System.IO.File]::ReadAllLines($script:PinsFile)
    } else {
        return $false
    }
    foreach ($line in $pinLines) {
        $fields = @($line.Trim() -split '\s+')
        if ($fields.Count -eq 0 -or $fields[0] -eq '' -or $fields[0].StartsWith('#')) { continue }
        if ($fields[0] -ceq 'version' -and $fields.Count -ge 2) {
            $script:PinVersion = $fields[1]
        } elseif ($fields[0] -ceq $script:Platform -and $fields.Count -ge 2) {
            $script:PinSha256 = $fields[1].ToLowerInvariant()
            $script:PinUrl = ''
            if ($fields.Count -ge 3) { $script:PinUrl = $fields[2] }
        }
    }
    return $true
}

# Version, URL and sha256 of the pinned micromamba to download for this platform.
function Read-Pins {
    if (-not (Import-Pins)) {
        Stop-Envstrap $EXIT_MICROMAMBA_UNAVAILABLE "the pins file '$($script:PinsFile)' is missing." 'use a complete envstrap checkout, or pass --micromamba PATH'
    }
    $script:MmVersion = $script:PinVersion
    $script:MmPin = $script:PinSha256
    $script:MmUrl = $script:PinUrl
    if (-not $script:MmUrl -or -not $script:MmPin -or $script:MmPin -eq '-') {
        Stop-Envstrap $EXIT_MICROMAMBA_UNAVAILABLE "this envstrap pins no checksum of micromamba $($script:MmVersion) for $($script:Platform), so it will not download one." `
            'pass --micromamba PATH (a binary you trust), or --micromamba-url URL with --micromamba-sha256 HEX'
    }
    if ($script:MmPin -notmatch '^[0-9a-f]{64}$') {
        Stop-Envstrap $EXIT_MICROMAMBA_UNAVAILABLE "the pins file '$($script:PinsFile)' has a malformed checksum for $($script:Platform)." 'use a complete envstrap checkout, or pass --micromamba PATH'
    }
}

# Decide which micromamba to run, writing nothing: the one given, or the pinned download.
function Select-Micromamba {
    $script:MmPin = ''
    if ($script:Micromamba) {
        $mm = Resolve-FullPath $script:Micromamba
        if (-not $mm -or -not (Test-Path -LiteralPath $mm -PathType Leaf)) {
            Stop-Envstrap $EXIT_MICROMAMBA_UNAVAILABLE "micromamba '$($script:Micromamba)' is not an executable file." 'check the --micromamba path'
        }
        $script:Micromamba = $mm
        $script:MicromambaSha256 = Get-Sha256 $mm
        $script:MicromambaSource = "given: $mm"
        return
    }
    $script:Platform = Get-Platform
    if ($script:MicromambaUrl) {
        $script:MmVersion = 'custom'
        $script:MmUrl = $script:MicromambaUrl
        $script:MmPin = $script:MicromambaPin
    } else {
        Read-Pins
    }
}

# --bundle: check every file against SHA256SUMS before anything is written or run. The paths
# must be plain relative ones (the same rule as envstrap.bat).
function Use-Bundle {
    $folder = Resolve-FullPath $script:Bundle
    if (-not $folder) { Stop-Usage "'$($script:Bundle)' is not a valid Windows path" }
    $script:Bundle = $folder
    foreach ($name in @('SHA256SUMS', 'lock.txt', 'channels.txt')) {
        if (-not (Test-Path -LiteralPath (Join-Path $folder $name) -PathType Leaf)) {
            Stop-Usage "'$folder' is not an envstrap bundle (no SHA256SUMS, lock.txt or channels.txt)"
        }
    }
    $script:Platform = Get-Platform
    $mm = Join-Path $folder "micromamba\$($script:Platform)\micromamba.exe"
    $flat = $false
    if (-not (Test-Path -LiteralPath $mm -PathType Leaf)) {
        Stop-Envstrap $EXIT_MICROMAMBA_UNAVAILABLE "the bundle has no micromamba for $($script:Platform)." "make the bundle on a $($script:Platform) machine"
    }
    # The pins the bundle's micromamba is checked against (Test-BundleMicromambaPin): without
    # them that check could not be made, so the run is refused as the download refuses it.
    if (-not (Import-Pins)) {
        Stop-Envstrap $EXIT_MICROMAMBA_UNAVAILABLE "the pins file '$($script:PinsFile)' is missing." "use a complete envstrap checkout (a bundle's micromamba is checked against its micromamba.pins)"
    }
    Write-Say 'checking every file of the bundle against its SHA256SUMS'
    $script:BundleVerified = New-Object 'System.Collections.Generic.HashSet[string]' ([System.StringComparer]::Ordinal)
    foreach ($line in [System.IO.File]::ReadAllLines((Join-Path $folder 'SHA256SUMS'))) {
        if ($line -eq '') { continue }
        if ($line -notmatch '^([0-9a-fA-F]{64})  (.+)$') {
            Stop-Envstrap $EXIT_CREATE_FAILED "the bundle's SHA256SUMS has a line that is not '<sha256>  <path>': $line" 'make the bundle again'
        }
        $sum = $Matches[1].ToLowerInvariant()
        $path = $Matches[2]
        if ($path -notmatch '^[A-Za-z0-9._+/-]+$' -or $path.StartsWith('/') -or $path.Contains('..')) {
            Stop-Envstrap $EXIT_CREATE_FAILED "the bundle lists an unsafe path '$path'." 'make the bundle again'
        }
        $file = Join-Path $folder $path.Replace('/', '\')
        $actual = '(missing)'
        if (Test-Path -LiteralPath $file -PathType Leaf) { $actual = Get-Sha256 $file }
        if ($actual -ne $sum) {
            Stop-Envstrap $EXIT_CREATE_FAILED "the bundle is damaged: '$path' has sha256 $actual, SHA256SUMS says $sum." 'make the bundle again'
        }
        [void]$script:BundleVerified.Add($path)
        if ($path -cmatch '^pkgs/[^/]+$') { $flat = $true }
        if ($path -ceq "micromamba/$($script:Platform)/micromamba.exe") { $script:MicromambaSha256 = $actual }
    }
    if (-not $script:MicromambaSha256) {
        Stop-Envstrap $EXIT_MICROMAMBA_UNAVAILABLE "the bundle's micromamba is not listed in SHA256SUMS." 'make the bundle again'
    }
    foreach ($listed in @('lock.txt', 'channels.txt')) {
        if (-not $script:BundleVerified.Contains($listed)) {
            Stop-Envstrap $EXIT_CREATE_FAILED "the bundle's $listed is not listed in SHA256SUMS." 'make the bundle again'
        }
    }
    if ($flat) {
        Stop-Usage "'$folder' was made by an older envstrap: its packages lie flat in pkgs\, where micromamba 1.x cannot find them. Make the bundle again with this envstrap (envstrap.ps1 bundle ENV DIR)"
    }
    $script:BundledMicromamba = $mm  # copied into the target before it runs (Copy-BundleMicromamba)
    $script:Micromamba = $mm
    $script:MmPin = ''  # nothing to download
    $script:MicromambaSource = "bundle: $folder"
    $script:Channels.Clear()
    foreach ($ch in [System.IO.File]::ReadAllLines((Join-Path $folder 'channels.txt'))) {
        if ($ch) { [void]$script:Channels.Add($ch) }
    }
}

# The file:// URL of a Windows path, as conda writes them: file:///C:/a%20b, file://server/share.
function ConvertTo-FileUrl([string]$Path) {
    $prefix = 'file:///'
    if ($Path.StartsWith('\\')) { $prefix = 'file://'; $Path = $Path.Substring(2) }
    $encoded = $Path.Replace('%', '%25').Replace(' ', '%20').Replace('#', '%23').Replace('\', '/')
    return $prefix + $encoded
}

# The bundle's lock with every URL pointing at the bundle's own (verified) package files.
function Write-BundleLock {
    $script:LockFile = Join-Path $script:StateDir 'bundle-lock.txt'
    $base = ConvertTo-FileUrl $script:Bundle
    $lines = New-Object System.Collections.Generic.List[string]
    foreach ($line in [System.IO.File]::ReadAllLines((Join-Path $script:Bundle 'lock.txt'))) {
        if ($line -eq '' -or $line.StartsWith('#') -or $line -ceq '@EXPLICIT') { [void]$lines.Add($line); continue }
        $url, $hash = $line -split '#', 2
        $name = $url.Substring($url.LastIndexOf('/') + 1)
        $subdir = ''
        foreach ($candidate in @($script:Platform, 'noarch')) {
            if (-not $subdir -and $script:BundleVerified.Contains("pkgs/$candidate/$name")) { $subdir = $candidate }
        }
        if (-not $subdir) {
            Stop-Envstrap $EXIT_CREATE_FAILED "the bundle's lock names $name, which SHA256SUMS does not list." 'make the bundle again'
        }
        if ($hash -notmatch '^[0-9a-fA-F]+$') {
            Stop-Envstrap $EXIT_CREATE_FAILED "the bundle's lock line for $name does not end in #md5." 'make the bundle again'
        }
        [void]$lines.Add($base + '/pkgs/' + $subdir + '/' + $name + '#' + $hash)
    }
    [void]$lines.Add('')
    try {
        Write-TextFile $script:LockFile ($lines -join "`n")
    } catch {
        Stop-Envstrap $EXIT_FAILED "cannot write '$($script:LockFile)'."
    }
}

# Is $Path a Windows executable with sha256 $MmPin? Returns '' when it is, else why not.
function Test-Binary([string]$Path) {
    $head = Get-FileHead $Path 24
    if ($head.Length -lt 2 -or $head[0] -ne 0x4D -or $head[1] -ne 0x5A) {  # 'MZ'
        $shown = -join ($head | ForEach-Object { if ($_ -ge 32 -and $_ -lt 127) { [char]$_ } else { '.' } })
        return "it is not a $($script:Platform) executable (it starts with '$shown'; an error page?)"
    }
    $actual = Get-Sha256 $Path
    if ($actual -ne $script:MmPin) {
        return "checksum mismatch: expected sha256 $($script:MmPin), got $actual"
    }
    return ''
}

# Is $Url's host listed in NO_PROXY (comma separated; a leading dot or plain suffix matches)?
function Test-NoProxy([string]$Url) {
    $list = $env:NO_PROXY
    if (-not $list) { return $false }
    $hostName = ([System.Uri]$Url).Host.ToLowerInvariant()
    foreach ($entry in ($list -split ',')) {
        $e = $entry.Trim().ToLowerInvariant()
        if (-not $e) { continue }
        if ($e -eq '*') { return $true }
        $e = $e.TrimStart('.')
        if ($hostName -eq $e -or $hostName.EndsWith('.' + $e)) { return $true }
    }
    return $false
}

# Download $Url to $OutFile: https:// (Invoke-WebRequest, TLS 1.2, 3 tries) or file:// (a copy).
# Returns '' on success, else the reason.
function Invoke-Download([string]$Url, [string]$OutFile) {
    if ($Url.StartsWith('file://')) {
        try {
            Copy-Item -LiteralPath ([System.Uri]$Url).LocalPath -Destination $OutFile -Force
            return ''
        } catch {
            return $_.Exception.Message
        }
    }
    if (-not $Url.StartsWith('https://')) { return "only https:// and file:// URLs are used, not '$Url'" }
    if ($PSVersionTable.PSVersion.Major -lt 6) {
        # Windows PowerShell 5.1 may default to TLS 1.0; GitHub needs 1.2.
        [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
    }
    $request = @{ Uri = $Url; OutFile = $OutFile; UseBasicParsing = $true; TimeoutSec = 300; MaximumRedirection = 10 }
    if ($env:HTTPS_PROXY -and -not (Test-NoProxy $Url)) { $request['Proxy'] = $env:HTTPS_PROXY }
    $reason = ''
    foreach ($attempt in 1..3) {
        try {
            Invoke-WebRequest @request
            return ''
        } catch {
            $reason = $_.Exception.Message
            if (Test-Path -LiteralPath $OutFile) { Remove-Item -LiteralPath $OutFile -Force }
            if ($attempt -lt 3) { Start-Sleep -Seconds $attempt }
        }
    }
    return $reason
}

# Is $Path a symbolic link or junction (a reparse point)?
function Test-ReparsePoint([string]$Path) {
    try {
        $item = Get-Item -LiteralPath $Path -Force
        return [bool]($item.Attributes -band [System.IO.FileAttributes]::ReparsePoint)
    } catch {
        return $false
    }
}

# A fresh folder of this run's own inside the target's scratch folder (a random name).
function New-PrivateFolder {
    foreach ($try in 1..20) {
        $dir = Join-Path $script:Scratch ('micromamba-' + [System.IO.Path]::GetRandomFileName().Replace('.', ''))
        if (New-OwnFolder $dir) { return $dir }
    }
    Stop-Envstrap $EXIT_FAILED "cannot make a private folder in '$($script:Scratch)'."
}

# Download (or take from the cache) the micromamba chosen by Select-Micromamba. What runs is
# always a private copy, in a folder only this run made (inside the target), verified after it
# was copied there: a package cache other users can write may change its file between any check
# and any run, and a predictable download name can be planted.
function Get-Micromamba {
    if (-not $script:MmPin) { return }  # a given binary
    $cache = Join-Path $script:PkgsDir (Join-Path '.envstrap-micromamba' $script:MmPin)
    $cached = Join-Path $cache 'micromamba.exe'
    $script:MmPrivate = New-PrivateFolder
    $mm = Join-Path $script:MmPrivate 'micromamba.exe'
    $script:Micromamba = $mm
    if (Test-Path -LiteralPath $cached -PathType Leaf) {
        if (Test-ReparsePoint $cached) {
            Write-Say "the cached micromamba '$cached' is a symbolic link: not used"
        } else {
            try { [System.IO.File]::Copy($cached, $mm, $false) } catch { Write-Say "cannot copy the cached micromamba '$cached'" }
        }
    }
    if (Test-Path -LiteralPath $mm -PathType Leaf) {
        $rejected = Test-Binary $mm
        if (-not $rejected) {
            Write-Say "using the cached micromamba $($script:MmVersion) (sha256 verified again)"
        } else {
            Write-Say "the cached micromamba fails verification ($rejected); fetching it again"
            Remove-Item -LiteralPath $mm -Force
        }
    }
    if (-not (Test-Path -LiteralPath $mm -PathType Leaf)) {
        if ($script:Offline) {
            Stop-Envstrap $EXIT_MICROMAMBA_UNAVAILABLE "--offline, and no verified micromamba is cached in '$cache'." 'pass --micromamba PATH, or run once online with the same --pkgs-dir'
        }
        $script:Partial = Join-Path $script:MmPrivate 'download.tmp'
        Write-Say "downloading micromamba $($script:MmVersion) for $($script:Platform) from $($script:MmUrl)"
        $failure = Invoke-Download $script:MmUrl $script:Partial
        if ($failure -or -not (Test-Path -LiteralPath $script:Partial -PathType Leaf)) {
            Remove-Partial
            Stop-Envstrap $EXIT_MICROMAMBA_UNAVAILABLE "downloading micromamba failed: $($script:MmUrl) ($failure)" 'check the network and proxy (HTTPS_PROXY), or pass --micromamba PATH'
        }
        $rejected = Test-Binary $script:Partial
        if ($rejected) {
            Remove-Partial
            Stop-Envstrap $EXIT_MICROMAMBA_UNAVAILABLE "refusing the micromamba downloaded from $($script:MmUrl): $rejected. It was deleted and not run." `
                'if a mirror serves another build, pin its hash with --micromamba-sha256; never run an unverified binary'
        }
        try {
            Move-Item -LiteralPath $script:Partial -Destination $mm
        } catch {
            Stop-Envstrap $EXIT_FAILED "cannot move micromamba within '$($script:MmPrivate)'."
        }
        $script:Partial = ''
        Save-ToCache $mm $cache $cached
    }
    $script:MicromambaSha256 = $script:MmPin
    $script:MicromambaSource = $script:MmUrl
}

# Keep the verified micromamba in the cache for later runs: copied to a fresh name there (never
# over an existing file), then renamed over the entry, so the entry is never a link; not into
# cache folders that are links. Runs sharing one cache may store the same file at the same time
# (one that is in use cannot be replaced: it is the same verified file). Not kept is no error.
function Save-ToCache([string]$Verified, [string]$Cache, [string]$Entry) {
    $base = Split-Path -Parent $Cache
    $me = [System.Security.Principal.WindowsIdentity]::GetCurrent().Name
    foreach ($dir in @($base, $Cache)) {
        if (-not (Test-Path -LiteralPath $dir)) { [void](New-OwnFolder $dir) }
        $owner = ''
        try { $owner = (Get-Acl -LiteralPath $dir).Owner } catch { $owner = '' }
        if (-not (Test-Folder $dir) -or (Test-ReparsePoint $dir) -or $owner -ne $me) {
            Write-Say "micromamba is not kept in the cache: '$dir' is not a plain folder of yours (a link, or another user's)"
            return
        }
    }
    $kept = Join-Path $Cache ('micromamba-' + [System.IO.Path]::GetRandomFileName().Replace('.', '') + '.tmp')
    try {
        [System.IO.File]::Copy($Verified, $kept, $false)
        Move-Item -LiteralPath $kept -Destination $Entry -Force
    } catch {
        Remove-Item -LiteralPath $kept -Force -ErrorAction SilentlyContinue
        Write-Say "micromamba could not be kept in the cache '$Cache'"
    }
}

function Remove-Partial {
    if ($script:Partial -and (Test-Path -LiteralPath $script:Partial)) {
        Remove-Item -LiteralPath $script:Partial -Force -ErrorAction SilentlyContinue
    }
    $script:Partial = ''
}

# The run's private micromamba folder, after the run (micromamba has exited by then).
function Remove-PrivateCopy {
    if ($script:MmPrivate -and (Test-Path -LiteralPath $script:MmPrivate)) {
        Remove-Item -LiteralPath $script:MmPrivate -Recurse -Force -ErrorAction SilentlyContinue
    }
    $script:MmPrivate = ''
}

function Test-MicromambaRuns {
    $version = ''
    $ErrorActionPreference = 'Continue'  # 5.1 turns a native program's stderr into errors
    try {
        $output = @(& $script:Micromamba --version 2>$null)
        $status = $LASTEXITCODE
        if ($output.Count -gt 0) { $version = [string]$output[0] }
    } catch {
        $status = -1
    }
    if ($status -ne 0 -or -not $version) {
        Stop-Envstrap $EXIT_MICROMAMBA_UNAVAILABLE "'$($script:Micromamba) --version' failed: this is not a working micromamba for this machine." 'check the --micromamba path'
    }
    $script:MicromambaVersion = ([string]$version).Trim()
    # The versions envstrap is tested with (docs/micromamba-versions.md).
    if (-not ($script:MicromambaVersion.StartsWith('1.5.') -or $script:MicromambaVersion.StartsWith('2.'))) {
        Stop-Envstrap $EXIT_MICROMAMBA_UNAVAILABLE "micromamba $($script:MicromambaVersion) is not supported: envstrap works with micromamba 1.5.x and 2.x." 'pass --micromamba with a 1.5.x or 2.x binary, or leave --micromamba out to use the pinned one'
    }
}

# --bundle runs a private copy of the bundle's micromamba, made in a folder only this run made
# inside the target (as Get-Micromamba does) and hashed there, never the bundle's file itself
# (which others may be able to change).
function Copy-BundleMicromamba {
    $script:MmPrivate = New-PrivateFolder
    $copy = Join-Path $script:MmPrivate 'micromamba.exe'
    try {
        [System.IO.File]::Copy($script:BundledMicromamba, $copy, $true)
    } catch {
        Stop-Envstrap $EXIT_FAILED "cannot copy the bundle's micromamba into '$($script:MmPrivate)'."
    }
    $actual = Get-Sha256 $copy
    if ($actual -ne $script:MicromambaSha256) {
        Stop-Envstrap $EXIT_MICROMAMBA_UNAVAILABLE "the bundle's micromamba changed after it was checked (sha256 $actual, SHA256SUMS says $($script:MicromambaSha256))." 'make sure nothing writes to the bundle, then run the same command again'
    }
    $script:Micromamba = $copy
}

# A bundle's micromamba that says it is the version micromamba.pins pins must be the pinned build
# (the pins Use-Bundle loaded).
function Test-BundleMicromambaPin {
    # the version without the release's build number: 2.5.0 for 2.5.0-1
    $pinnedVersion = ($script:PinVersion -split '-', 2)[0]
    $pinnedSha = $script:PinSha256
    if ($script:MicromambaVersion -cne $pinnedVersion -or -not $pinnedSha -or $pinnedSha -eq '-') { return }
    if ($script:MicromambaSha256 -ne $pinnedSha) {
        Stop-Envstrap $EXIT_MICROMAMBA_UNAVAILABLE "the bundle's micromamba says it is $($script:MicromambaVersion), which micromamba.pins pins, but its sha256 $($script:MicromambaSha256) is not the pinned $pinnedSha." 'make the bundle again with the pinned micromamba, and check where this bundle came from'
    }
    Write-Say "the bundle's micromamba is the pinned $($script:MicromambaVersion) build"
}

# ---- writing -------------------------------------------------------------------------------------

# Make one folder whose parent exists; $true only when this call made it. (.NET has no mkdir
# that fails on an existing folder: the look and the make are a few microseconds apart.)
function New-OwnFolder([string]$Path) {
    if (Test-Path -LiteralPath $Path) { return $false }
    try {
        [void][System.IO.Directory]::CreateDirectory($Path)
    } catch {
        return $false
    }
    return $true
}

# Make the missing parents (outermost first), then the target, and remember which ones this run
# made: only those are removed after a failure (Complete-Run), the parents only while empty.
function New-Target {
    for ($i = $script:MissingParents.Count - 1; $i -ge 0; $i--) {
        $dir = $script:MissingParents[$i]
        if (New-OwnFolder $dir) { $script:CreatedParents.Insert(0, $dir) }
    }
    $script:CreatedTarget = (New-OwnFolder $script:Target)
}

# One envstrap run per target at a time: the folder .envstrap\run.lock holding the owner's
# process id (the same lock envstrap.sh and envstrap.bat use). The owner file is created with
# CreateNew, so of two runs starting together exactly one gets it.
function Enter-RunLock {
    $lock = Join-Path $script:StateDir 'run.lock'
    Test-Busy $script:Target
    $stream = $null
    try {
        [void][System.IO.Directory]::CreateDirectory($lock)
        $stream = [System.IO.File]::Open((Join-Path $lock 'owner'), [System.IO.FileMode]::CreateNew, [System.IO.FileAccess]::Write)
    } catch {
        Stop-Envstrap $EXIT_TARGET_BUSY "another envstrap run is starting in '$($script:Target)'." 'wait for it to finish'
    }
    try {
        $script:Locked = $true
        $bytes = [System.Text.Encoding]::ASCII.GetBytes("$PID $($script:Started) $($script:HostName)`r`n")
        $stream.Write($bytes, 0, $bytes.Length)
    } finally {
        $stream.Dispose()
    }
}

function Write-MicromambaRc {
    $lines = New-Object System.Collections.Generic.List[string]
    [void]$lines.Add('# Written by envstrap for its one micromamba call; nothing else reads this file.')
    [void]$lines.Add('channels:')
    foreach ($ch in $script:Channels) { [void]$lines.Add('  - ' + (ConvertTo-YamlQuoted $ch)) }
    [void]$lines.Add('channel_priority: strict')
    # 2.x asks local channels for repodata.json.zst first and warns when it is missing.
    $local = [bool]$script:Bundle
    foreach ($ch in $script:Channels) {
        if ($ch -match '^(?i)file://' -or $ch -match '^[A-Za-z]:\\' -or $ch.StartsWith('\\')) { $local = $true }
    }
    if ($local) { [void]$lines.Add('repodata_use_zst: false') }
    [void]$lines.Add('pkgs_dirs:')
    [void]$lines.Add('  - ' + (ConvertTo-YamlQuoted $script:PkgsDir))
    try {
        Write-TextFile $script:RcFile (($lines -join "`r`n") + "`r`n")
    } catch {
        Stop-Envstrap $EXIT_FAILED "cannot write '$($script:RcFile)'."
    }
}

# micromamba 1.x ends `install` with "To activate this environment, use: micromamba activate
# PREFIX" and "micromamba run -p PREFIX mycommand": wrong for an envstrap environment (nothing set
# up micromamba's shell hook), and envstrap says how to activate it. True for the lines of that
# block, which are then not shown; every other line passes.
function Test-ActivationAdvice([string]$Line) {
    if ($script:AdviceSkip -gt 0) {
        $script:AdviceSkip--
        if ($Line -match ' run -[pn] .* mycommand$') { $script:AdviceSkip = 0 }
        return $true
    }
    if ($Line -ceq 'To activate this environment, use:') { $script:AdviceSkip = 8; return $true }
    return $false
}

# Run a program with no trace of other Python/conda environments in its environment and TEMP/TMP
# inside the target; this process's variables are restored afterwards. Its stdout streams to the
# console, its stderr too and is kept in $script:ChildErrors. Returns the exit code.
function Invoke-Scrubbed([string]$Program, [string[]]$Arguments) {
    $saved = @{}
    foreach ($item in @(Get-ChildItem Env:)) {
        foreach ($pattern in $SCRUBBED_PATTERNS) {
            if ($item.Name -like $pattern) { $saved[$item.Name] = $item.Value; break }
        }
    }
    foreach ($name in @('TEMP', 'TMP', 'TMPDIR')) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
    }
    $script:ChildErrors = New-Object System.Collections.Generic.List[string]
$script:DoctorJson = $false
$script:DoctorJsonDeep = $false
$script:DoctorJsonTarget = ''
    $ErrorActionPreference = 'Continue'  # 5.1 turns a native program's stderr into errors
    try {
        foreach ($name in @($saved.Keys)) { [Environment]::SetEnvironmentVariable($name, $null) }
        foreach ($name in @('TEMP', 'TMP', 'TMPDIR')) { [Environment]::SetEnvironmentVariable($name, $script:Scratch) }
        try {
            & $Program @Arguments 2>&1 | ForEach-Object {
                if ($_ -is [System.Management.Automation.ErrorRecord]) {
                    $line = $_.ToString()
                    [Console]::Error.WriteLine($line)
                    [void]$script:ChildErrors.Add($line)
                } elseif (-not (Test-ActivationAdvice ([string]$_))) {
                    [Console]::Out.WriteLine([string]$_)
                }
            }
            $status = $LASTEXITCODE
        } catch {
            # The program could not be started at all (not a Windows program, blocked, ...).
            $line = "cannot run '$Program': " + $_.Exception.Message
            [Console]::Error.WriteLine($line)
            [void]$script:ChildErrors.Add($line)
            $status = -1
        }
    } finally {
        foreach ($name in @($saved.Keys)) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }
    return $status
}

function New-Environment {
    $argv = New-Object System.Collections.Generic.List[string]
    foreach ($a in @('install', '-r', $script:RootPrefix, '-p', $script:Target, '--rc-file', $script:RcFile, '-y')) { [void]$argv.Add($a) }
    if ($script:Offline) { [void]$argv.Add('--offline') }
    if ($script:LockFile) {
        [void]$argv.Add('-f')  # explicit lock: exactly these packages, no solve
        [void]$argv.Add($script:LockFile)
    } else {
        [void]$argv.Add('--override-channels')
        [void]$argv.Add('--strict-channel-priority')
        foreach ($ch in $script:Channels) { [void]$argv.Add('-c'); [void]$argv.Add($ch) }
        if ($script:PythonVersion) { [void]$argv.Add("python=$($script:PythonVersion)") } else { [void]$argv.Add('python') }
        [void]$argv.Add('conda')
        [void]$argv.Add('mamba')
        foreach ($spec in $script:SpecsWith) { [void]$argv.Add($spec) }
    }
    Write-Say "creating the environment with micromamba $($script:MicromambaVersion)"
    $status = Invoke-Scrubbed $script:Micromamba $argv.ToArray()
    if ($status -ne 0) {
        $log = $script:ChildErrors -join "`n"
        if ($log -match '(?i)no space left on device|not enough space on the disk|disk quota exceeded') {
            Stop-Envstrap $EXIT_CREATE_FAILED "the disk holding '$($script:Target)' or '$($script:PkgsDir)' is full (micromamba exit code $status)." 'free some space, then run the same command again'
        }
        if ($log -match '(?i)read-only file system|write-protected') {
            Stop-Envstrap $EXIT_CREATE_FAILED "'$($script:Target)' or '$($script:PkgsDir)' is on a read-only file system (micromamba exit code $status)." 'choose a writable place'
        }
        Stop-Envstrap $EXIT_CREATE_FAILED "micromamba could not create the environment (exit code $status); see its messages above." 'fix the cause and run the same command again'
    }
    if (-not (Test-Path -LiteralPath (Join-Path $script:Target 'python.exe') -PathType Leaf)) {
        Stop-Envstrap $EXIT_CREATE_FAILED "micromamba finished but '$($script:Target)\python.exe' is missing." 'run the same command again'
    }
}

function Invoke-HandOver {
    # Windows PowerShell 5.1 drops empty arguments, so options without a value are left out
    # (stage 1's defaults are empty).
    $argv = New-Object System.Collections.Generic.List[string]
    foreach ($a in @('-I', '-B', '-c', $STAGE1_BOOT, $script:Stage1Src, 'finalize', $script:Target)) { [void]$argv.Add($a) }
    if ($script:PythonVersion) { [void]$argv.Add('--python'); [void]$argv.Add($script:PythonVersion) }
    foreach ($a in @('--pkgs-dir', $script:PkgsDir, '--micromamba-version', $script:MicromambaVersion,
            '--micromamba-sha256', $script:MicromambaSha256, '--micromamba-source', $script:MicromambaSource,
            '--started', $script:Started)) { [void]$argv.Add($a) }
    foreach ($ch in $script:Channels) { [void]$argv.Add('--channel'); [void]$argv.Add($ch) }
    foreach ($spec in $script:SpecsWith) { [void]$argv.Add('--with'); [void]$argv.Add($spec) }
    if ($script:LockFile) { [void]$argv.Add('--lock'); [void]$argv.Add($script:LockFile) }
    if ($script:Bundle) { [void]$argv.Add('--bundle'); [void]$argv.Add($script:Bundle) }
    if ($script:Offline) { [void]$argv.Add('--offline') }
    $status = Invoke-Scrubbed (Join-Path $script:Target 'python.exe') $argv.ToArray()
    Test-Complete $status
}

# "done" means complete: stage 1 must have written .envstrap\complete, whatever its exit code
# says; otherwise fail with its exit code (FINALIZE_FAILED if that was 0).
function Test-Complete([int]$Status) {
    $complete = Test-Path -LiteralPath (Join-Path $script:StateDir 'complete') -PathType Leaf
    if ($Status -eq 0 -and $complete) { return }
    if ($Status -eq 0) {
        Stop-Envstrap $EXIT_FINALIZE_FAILED "stage 1 ended with exit code 0, but '$($script:StateDir)\complete' does not exist: the target is incomplete." 'run the same command again'
    }
    Write-Say "stage 1 failed (exit code $Status): the target is incomplete."
    Exit-Envstrap $Status
}

# envstrap.ps1 doctor|bundle TARGET ...: a stage-1 command run by the environment's own Python.
# Not scrubbed: doctor must see this shell's real environment.
function Invoke-Stage1Command([object[]]$Arguments) {
    $verb = [string]$Arguments[0]
    if ($verb -ceq 'doctor') {
        $script:DoctorJson = [bool]($Arguments -ccontains '--json')
        $script:DoctorJsonDeep = [bool]($Arguments -ccontains '--deep')
    }
    if ($Arguments.Count -lt 2 -or -not [string]$Arguments[1]) {
        Stop-Usage "$verb needs the environment folder: envstrap.ps1 $verb TARGET"
    }
    $folderArg = ConvertTo-ArgText $Arguments[1] $verb
    if ($folderArg.StartsWith('-')) { Stop-Usage "$verb needs the environment folder first, got '$folderArg'" }
    $folder = Resolve-FullPath $folderArg
    if (-not $folder) { Stop-Usage "'$folderArg' is not a valid Windows path" }
    $script:DoctorJsonTarget = $folder
    Find-Stage1
    $python = Join-Path $folder 'python.exe'
    if (-not (Test-Path -LiteralPath $python -PathType Leaf)) {
        Stop-Envstrap $EXIT_NOT_AN_ENVSTRAP_ENV "'$folder' has no python.exe: it is not an envstrap environment (or is badly broken)." 'give the folder envstrap.ps1 created'
    }
    if ($STAGE1_SHA256) {
        # the environment's own stage 1 when it is this one, else this one next to it
        $script:Stage1Src = Join-Path $folder '.envstrap\stage1.pyz'
        if (-not (Test-Path -LiteralPath $script:Stage1Src -PathType Leaf) -or (Get-Sha256 $script:Stage1Src) -ne $STAGE1_SHA256) {
            $script:Stage1Src = Join-Path $folder ('.envstrap\stage1-' + $STAGE1_SHA256.Substring(0, 12) + '.pyz')
            Write-Stage1 $script:Stage1Src
        }
    }
    $argv = New-Object System.Collections.Generic.List[string]
    foreach ($a in @('-I', '-B', '-c', $STAGE1_BOOT, $script:Stage1Src, $verb, $folder)) { [void]$argv.Add($a) }
    for ($i = 2; $i -lt $Arguments.Count; $i++) { [void]$argv.Add((ConvertTo-ArgText $Arguments[$i] $verb)) }
    $ErrorActionPreference = 'Continue'
    & $python @($argv.ToArray())
    Exit-Envstrap $LASTEXITCODE
}

# After a failure: remove a target this run created (unless --keep-failed), else say it is left
# marked incomplete. After Ctrl-C ($script:ExitStatus still $null): leave it, say so. Always:
# delete a .partial download and release the run lock.
function Complete-Run {
    Remove-Partial
    Remove-PrivateCopy
    $hadLock = $script:Locked
    if ($script:Locked) {
        Remove-Item -LiteralPath (Join-Path $script:StateDir 'run.lock') -Recurse -Force -ErrorAction SilentlyContinue
        $script:Locked = $false
    }
    # Without the lock the target may be another run's: leave it alone.
    if (-not $script:Writing -or -not $hadLock) { return }
    if ($null -eq $script:ExitStatus) {
        Write-Say "interrupted: '$($script:Target)' is left marked incomplete; run the same command again to resume."
        return
    }
    if ($script:ExitStatus -eq 0) { return }
    if ($script:CreatedTarget -and -not $script:KeepFailed) {
        Remove-Item -LiteralPath $script:Target -Recurse -Force -ErrorAction SilentlyContinue
        Write-Say "removed '$($script:Target)', which this run had created (--keep-failed keeps it for inspection)."
    } else {
        Write-Say "'$($script:Target)' is left marked incomplete; run the same command again to resume."
    }
    if ($script:KeepFailed) { return }
    # The parents this run made, innermost first, never recursively: one that holds anything now
    # (another run's environment, someone's file) stays, and so do its parents.
    foreach ($dir in $script:CreatedParents) {
        try {
            [System.IO.Directory]::Delete($dir, $false)
        } catch {
            break
        }
        Write-Say "removed '$dir', which this run had created (it was empty)."
    }
}

function Invoke-Main([object[]]$Arguments) {
    if ($Arguments.Count -gt 0 -and ($Arguments[0] -ceq 'doctor' -or $Arguments[0] -ceq 'bundle')) {
        Invoke-Stage1Command $Arguments
    }
    Read-Arguments $Arguments
    Test-CleanShell
    Test-Target
    Resolve-Channels
    if ($script:PkgsDir) {
        $pkgs = Resolve-FullPath $script:PkgsDir
        if (-not $pkgs) { Stop-Envstrap $EXIT_TARGET_REFUSED "the package cache '$($script:PkgsDir)' is not a valid Windows path." 'choose another --pkgs-dir' }
        $script:PkgsDir = $pkgs
    } else {
        $script:PkgsDir = Join-Path $script:Target 'pkgs'
    }
    if ((Test-Path -LiteralPath $script:PkgsDir) -and -not (Test-Folder $script:PkgsDir)) {
        Stop-Envstrap $EXIT_TARGET_REFUSED "the package cache '$($script:PkgsDir)' exists and is not a folder." 'choose another --pkgs-dir'
    }
    if ($script:LockFile) {
        $lockPath = Resolve-FullPath $script:LockFile
        $explicit = $false
        if ($lockPath -and (Test-Path -LiteralPath $lockPath -PathType Leaf)) {
            $explicit = [bool](Select-String -LiteralPath $lockPath -Pattern '^@EXPLICIT' -CaseSensitive -Quiet)
        }
        if (-not $explicit) { Stop-Usage "--lock '$($script:LockFile)' is not an explicit lock file (no @EXPLICIT line)" }
        $script:LockFile = $lockPath
    }
    Find-Stage1
    if ($script:Bundle) { Use-Bundle } else { Select-Micromamba }
    $script:Started = [DateTime]::UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [System.Globalization.CultureInfo]::InvariantCulture)

    # Everything below writes; it starts only after every check above has passed.
    $script:StateDir = Join-Path $script:Target '.envstrap'
    $script:RootPrefix = Join-Path $script:StateDir 'micromamba-root'
    $script:Scratch = Join-Path $script:StateDir 'tmp'
    $script:RcFile = Join-Path $script:StateDir 'micromamba.yml'
    $script:Writing = $true
    if ($script:NewTarget) { New-Target }
    try {
        [void][System.IO.Directory]::CreateDirectory($script:StateDir)
    } catch {
        Stop-Envstrap $EXIT_TARGET_REFUSED "cannot create '$($script:StateDir)' (read-only or full disk?)."
    }
    Enter-RunLock
    # Looked at again under the lock: another run may have made or finished the target since
    # Test-Target (its markers are then the truth, not what this run saw before).
    if (Test-Path -LiteralPath (Join-Path $script:StateDir 'complete') -PathType Leaf) {
        Write-Say "another envstrap run completed '$($script:Target)' meanwhile; nothing to do."
        Exit-Envstrap $EXIT_OK
    }
    if (Test-Path -LiteralPath (Join-Path $script:StateDir 'incomplete') -PathType Leaf) { $script:Resuming = $true }
    try {
        foreach ($dir in @($script:RootPrefix, $script:Scratch, (Join-Path $script:Target 'conda-meta'), $script:PkgsDir)) {
            [void][System.IO.Directory]::CreateDirectory($dir)
        }
    } catch {
        Stop-Envstrap $EXIT_TARGET_REFUSED "cannot create folders in '$($script:Target)' or '$($script:PkgsDir)' (read-only or full disk?)."
    }
    if ($script:Resuming) {
        Write-Say "resuming the incomplete environment in '$($script:Target)'"
    } else {
        try {
            Write-TextFile (Join-Path $script:StateDir 'incomplete') "envstrap $ENVSTRAP_VERSION started $($script:Started); this environment is incomplete until .envstrap\complete exists`r`n"
        } catch {
            Stop-Envstrap $EXIT_FAILED "cannot write in '$($script:StateDir)' (read-only or full disk?)."
        }
    }
    if ($script:Bundle) { Write-BundleLock; Copy-BundleMicromamba }
    if ($STAGE1_SHA256) {
        $script:Stage1Src = Join-Path $script:StateDir 'stage1.pyz'  # kept: doctor runs from the environment alone
        Write-Stage1 $script:Stage1Src
    }
    Get-Micromamba
    if (-not $script:MicromambaVersion) { Test-MicromambaRuns }
    if ($script:Bundle) { Test-BundleMicromambaPin }
    # micromamba `install` into a prepared prefix: `create` would register the environment in the
    # home folder and may delete an existing prefix (docs/design/micromamba.md).
    $history = Join-Path $script:Target 'conda-meta\history'
    if (-not (Test-Path -LiteralPath $history -PathType Leaf)) { Write-TextFile $history '' }
    Write-MicromambaRc
    New-Environment
    Invoke-HandOver
    # envstrap's own scratch, made by this run.
    foreach ($path in @($script:Scratch, $script:RootPrefix, $script:RcFile)) {
        if (Test-Path -LiteralPath $path) { Remove-Item -LiteralPath $path -Recurse -Force -ErrorAction SilentlyContinue }
    }
    Write-Say 'done. Activate with:'
    Write-Say "  & '$($script:Target)\Activate.ps1'      (PowerShell)"
    Write-Say "  call `"$($script:Target)\activate.bat`"   (cmd.exe)"
    Exit-Envstrap $EXIT_OK
}

# ---- state, and the run ----------------------------------------------------------------------------

$script:ExitStatus = $null
# This machine's name as the run lock records it (letters, digits, . _ - only).
$script:HostName = [Environment]::MachineName -replace '[^A-Za-z0-9._-]', '_'
$script:Target = ''
$script:PythonVersion = ''
$script:SpecsWith = New-Object System.Collections.Generic.List[string]
$script:Channels = New-Object System.Collections.Generic.List[string]
$script:Micromamba = ''
$script:MicromambaUrl = ''
$script:MicromambaPin = ''
$script:MicromambaSha256 = ''
$script:MicromambaSource = ''
$script:MicromambaVersion = ''
$script:BundledMicromamba = ''
$script:AdviceSkip = 0
$script:MmVersion = ''
$script:MmPin = ''
$script:MmUrl = ''
$script:PinsFile = ''
$script:PinVersion = ''
$script:PinSha256 = ''
$script:PinUrl = ''
$script:Platform = 'win-64'
$script:PkgsDir = ''
$script:LockFile = ''
$script:Bundle = ''
$script:BundleVerified = $null
$script:Offline = $false
$script:KeepFailed = $false
$script:Resuming = $false
$script:NewTarget = $false
$script:MissingParents = New-Object System.Collections.Generic.List[string]
$script:CreatedParents = New-Object System.Collections.Generic.List[string]
$script:CreatedTarget = $false
$script:Writing = $false
$script:Locked = $false
$script:Partial = ''
$script:MmPrivate = ''
$script:StateDir = ''
$script:RootPrefix = ''
$script:Scratch = ''
$script:RcFile = ''
$script:Stage1Src = ''
$script:Stage1Bytes = $null
$script:Started = ''
$script:ChildErrors = New-Object System.Collections.Generic.List[string]
$script:DoctorJson = $false
$script:DoctorJsonDeep = $false
$script:DoctorJsonTarget = ''

try {
    try {
        Invoke-Main $args
    } catch {
        [Console]::Error.WriteLine('envstrap: error: unexpected failure: ' + $_.Exception.Message)
        [Console]::Error.WriteLine('envstrap: hint: this is a bug in envstrap.ps1; please report it with the command you ran')
        if ($script:DoctorJson) { Write-DoctorJsonError $EXIT_FAILED ('unexpected failure: ' + $_.Exception.Message) }
        $script:ExitStatus = $EXIT_FAILED
    }
} finally {
    # Also runs after `exit` and after Ctrl-C (then $script:ExitStatus is still $null).
    Complete-Run
}
exit $script:ExitStatus
