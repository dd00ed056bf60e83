@echo off
REM envstrap stage 0 for Windows cmd.exe (no Python, no PowerShell needed).
REM
REM   bootstrap\envstrap.bat TARGET [--python VERSION] [--with SPEC]... [options]
REM
REM The cmd.exe twin of bootstrap/envstrap.sh: same options, checks, messages and exit codes
REM (docs/exit-codes.md). Checks that the shell is clean and the target is safe, lets micromamba
REM install python, conda and mamba into TARGET, then hands over to stage 1 (src\envstrap) running
REM on the new environment's own python.exe. Writes only inside TARGET and the package cache.
REM
REM Written for cmd's parser, which re-reads every line after expanding it: delayed expansion is
REM never on (except in :say, where a message is only expanded as data with !ES_LINE!, never
REM parsed); user data is only ever expanded inside double quotes; branches are goto
REM labels, never ( ) blocks around data; every path is quoted.
REM For other cmd implementations (wine 10's, issue 9): no substring may start at or past the
REM end of a value (wine 10 returns the last character there: counts use a sentinel, lengths a
REM padded prefix); every goto loop has a bound; no for /f string or file name holds a value
REM that may contain the word " in " (a path, a message): files are read from their folder.
REM A for loop whose body has two commands puts them in ( ): wine's cmd runs what follows a bare
REM & once, after the loop.
REM Characters refused in the target: ES_WHY_* below (REFUSED_CHARACTERS in
REM src\envstrap\layout.py).
REM & ( ) = , ' spaces and non-ASCII letters are carried (always quoted).
setlocal EnableExtensions DisableDelayedExpansion

REM BEGIN GENERATED: constants (python3 tools/build.py --regions writes it from src\envstrap)
set "ES_VERSION=0.1.0"
set "EXIT_OK=0"
set "EXIT_FAILED=1"
set "EXIT_USAGE=2"
set "EXIT_SHELL_NOT_CLEAN=3"
set "EXIT_TARGET_REFUSED=4"
set "EXIT_MICROMAMBA_UNAVAILABLE=5"
set "EXIT_CREATE_FAILED=6"
set "EXIT_FINALIZE_FAILED=7"
set "EXIT_NOT_AN_ENVSTRAP_ENV=8"
set "EXIT_TARGET_BUSY=9"
set "EXIT_STAGE1_DAMAGED=10"
REM The variables that mean "a Python environment is active" (src\envstrap\guard.py).
set "ES_MARKERS=ENVSTRAP_PREFIX CONDA_PREFIX CONDA_SHLVL VIRTUAL_ENV PYTHON_ENVS"
REM The command line that runs stage 1 with the environment's own python.exe, isolated.
set "ES_BOOT=import sys; sys.path.insert(0, sys.argv.pop(1)); from envstrap.cli import main; sys.exit(main())"
REM Why each character is refused in a target (src\envstrap\layout.py).
set "ES_WHY_BANG=it is eaten by cmd's delayed expansion (cmd /V:ON, micromamba's own activation scripts), so micromamba cannot carry it"
set "ES_WHY_PERCENT=CALL expands it a second time, so activate.bat could not be called by its path"
set "ES_WHY_CARET=CALL doubles it inside quotes, so activate.bat could not find its folder (conda refuses it too)"
set "ES_WHY_SEMICOLON=it separates PATH entries"
set "ES_WHY_QUOTE=it ends a quoted value (Windows does not allow it in file names either)"
REM END GENERATED
REM BEGIN GENERATED: built (empty here; tools/build.py fills it in the single file dist\envstrap.bat)
set "ES_BUILT_MM_VERSION="
set "ES_BUILT_PIN="
set "ES_BUILT_URL="
set "ES_STAGE1_SHA256="
set "ES_PAYLOAD_SKIP="
REM END GENERATED
REM Room for the longest file a conda environment holds below its folder (MAX_PATH check).
set "ES_ROOM=120"

set "ES_RC=0"
set "ES_WRITING=0"
set "ES_LOCKED=0"
set "ES_CREATED=0"
set "ES_NEW="
set "ES_NMISS=0"
set "ES_PARTIAL="
set "ES_MM_PRIVATE="
set "ES_CP="
set "ES_DIED="
set "ES_MM_VERSION="
set "ES_DIRTY="
set "ES_JSON="
set "ES_JSON_TARGET="
set "ES_BUSY="
set "ES_SYS=%SystemRoot%\System32"
set "ES_SCRIPT_DIR=%~dp0"
set "ES_SELF=%~f0"
if "%ES_SCRIPT_DIR:~-1%"=="\" set "ES_SCRIPT_DIR=%ES_SCRIPT_DIR:~0,-1%"
call :codepage_save

set "ES_ARG=%~1"
set "ES_VERB="
if /i "%ES_ARG%"=="doctor" set "ES_VERB=doctor"
if /i "%ES_ARG%"=="bundle" set "ES_VERB=bundle"
if defined ES_VERB goto :stage1_verb

REM ---- command line ------------------------------------------------------------------------
set "ES_TARGET="
set "ES_PYTHON="
set "ES_MM="
set "ES_PKGS="
set "ES_LOCK="
set "ES_MM_URL="
set "ES_MM_PIN="
set "ES_BUNDLE="
set "ES_OFFLINE=0"
set "ES_KEEP=0"
set "ES_NWITH=0"
set "ES_NCH=0"
:parse
set "ES_ARG=%~1"
if not defined ES_ARG goto :parse_done
set "ES_VAL="
if /i "%ES_ARG%"=="-h" goto :help
if /i "%ES_ARG%"=="--help" goto :help
if /i "%ES_ARG%"=="/?" goto :help
if "%ES_ARG%"=="--version" goto :version
if "%ES_ARG%"=="--offline" set "ES_OFFLINE=1" & shift & goto :parse
if "%ES_ARG%"=="--keep-failed" set "ES_KEEP=1" & shift & goto :parse
if "%ES_ARG%"=="--" goto :parse_rest
if "%ES_ARG:~0,2%"=="--" goto :parse_option
if "%ES_ARG:~0,1%"=="-" goto :unknown_option
if defined ES_TARGET goto :extra_argument
set "ES_TARGET=%ES_ARG%"
shift
goto :parse
:parse_rest
shift
set "ES_ARG=%~1"
if not defined ES_ARG goto :parse_done
if defined ES_TARGET goto :extra_argument
set "ES_TARGET=%ES_ARG%"
shift
set "ES_ARG=%~1"
if defined ES_ARG goto :unexpected_argument
goto :parse_done
:parse_option
REM --name=value (quoted; unquoted, cmd itself splits at the =) or --name value
set "ES_OPT="
for /f "tokens=1* delims==" %%A in ("%ES_ARG%") do set "ES_OPT=%%A"
for /f "tokens=1* delims==" %%A in ("%ES_ARG%") do set "ES_VAL=%%B"
set "ES_KNOWN="
for %%O in (--python --with --channel --micromamba --pkgs-dir --lock --micromamba-url --micromamba-sha256 --bundle) do if "%%O"=="%ES_OPT%" set "ES_KNOWN=1"
if not defined ES_KNOWN set "ES_ARG=%ES_OPT%" & goto :unknown_option
if not "%ES_OPT%"=="%ES_ARG%" goto :option_known
set "ES_VAL=%~2"
if not defined ES_VAL goto :option_needs_value
if "%ES_VAL:~0,1%"=="-" goto :option_needs_value
shift
:option_known
REM Both forms checked alike: a value starting with - would reach micromamba as an option.
if not defined ES_VAL goto :option_needs_value
if "%ES_VAL:~0,1%"=="-" goto :option_needs_value
shift
if not "%ES_VAL:"=%"=="%ES_VAL:"=""%" goto :value_with_quote
if "%ES_OPT%"=="--python" goto :set_python
if "%ES_OPT%"=="--with" goto :set_with
if "%ES_OPT%"=="--channel" goto :set_channel
if "%ES_OPT%"=="--micromamba" set "ES_MM=%ES_VAL%" & goto :parse
if "%ES_OPT%"=="--pkgs-dir" set "ES_PKGS=%ES_VAL%" & goto :parse
if "%ES_OPT%"=="--lock" set "ES_LOCK=%ES_VAL%" & goto :parse
if "%ES_OPT%"=="--micromamba-url" goto :set_mm_url
if "%ES_OPT%"=="--micromamba-sha256" goto :set_mm_pin
set "ES_BUNDLE=%ES_VAL%"
goto :parse

:set_python
set "ES_T=%ES_VAL%"
for /f "delims=0123456789.*" %%A in ("%ES_VAL%") do set "ES_T="
if "%ES_VAL:~0,1%"=="." set "ES_T="
if not "%ES_VAL:;=%"=="%ES_VAL%" set "ES_T="
if not "%ES_VAL:..=%"=="%ES_VAL%" set "ES_T="
if not defined ES_T goto :bad_python
set "ES_PYTHON=%ES_VAL%"
goto :parse
:set_with
set /a "ES_NWITH+=1"
set "ES_WITH_%ES_NWITH%=%ES_VAL%"
goto :parse
:set_channel
set /a "ES_NCH+=1"
set "ES_CH_%ES_NCH%=%ES_VAL%"
goto :parse
:set_mm_url
if /i "%ES_VAL:~0,8%"=="https://" set "ES_MM_URL=%ES_VAL%" & goto :parse
if /i "%ES_VAL:~0,7%"=="file://" set "ES_MM_URL=%ES_VAL%" & goto :parse
set "ES_MSG=--micromamba-url must be an https:// or file:// URL, got '%ES_VAL%'"
goto :usage_error
:set_mm_pin
set "ES_T=%ES_VAL%"
for /f "delims=0123456789abcdefABCDEF" %%A in ("%ES_VAL%") do set "ES_T="
if not "%ES_VAL:;=%"=="%ES_VAL%" set "ES_T="
set "ES_S=%ES_VAL%################################################################"
if not "%ES_S:~0,64%"=="%ES_VAL%" set "ES_T="
if not defined ES_T goto :bad_pin
call :lower ES_VAL
set "ES_MM_PIN=%ES_VAL%"
goto :parse

:parse_done
if not defined ES_TARGET set "ES_MSG=missing TARGET (the folder to create the environment in)" & goto :usage_error
if defined ES_MM_URL if not defined ES_MM_PIN goto :url_and_pin
if defined ES_MM_PIN if not defined ES_MM_URL goto :url_and_pin
if defined ES_MM if defined ES_MM_URL set "ES_MSG=--micromamba and --micromamba-url exclude each other" & goto :usage_error
if not defined ES_BUNDLE goto :bundle_alone
for %%V in (ES_LOCK ES_PYTHON ES_MM ES_MM_URL) do if defined %%V goto :bundle_exclusive
if not "%ES_NWITH%%ES_NCH%"=="00" goto :bundle_exclusive
:bundle_alone
if not defined ES_LOCK goto :check_shell
if defined ES_PYTHON goto :lock_exclusive
if not "%ES_NWITH%"=="0" goto :lock_exclusive

REM ---- clean shell ------------------------------------------------------------------------
:check_shell
for %%V in (%ES_MARKERS%) do call :check_marker %%V
if not defined ES_DIRTY goto :check_target
set "ES_CODE=%EXIT_SHELL_NOT_CLEAN%"
set "ES_MSG=%ES_DIRTY% is set ('%ES_DIRTY_VALUE%'): a Python environment is active in this shell."
set "ES_HINT=envstrap builds environments only from a clean shell. Run 'deactivate' (or 'conda deactivate'), or open a new shell where %ES_DIRTY% is not set."
goto :die

REM ---- target -----------------------------------------------------------------------------
:check_target
REM Characters first, on the path as given: nothing below expands it outside quotes.
set "ES_BAD="
if not "%ES_TARGET:"=%"=="%ES_TARGET:"=""%" goto :refuse_quote
if not "%ES_TARGET:!=%"=="%ES_TARGET%" set "ES_BAD=!" & set "ES_WHY=%ES_WHY_BANG%"
if not "%ES_TARGET:^=%"=="%ES_TARGET%" set "ES_BAD=^" & set "ES_WHY=%ES_WHY_CARET%"
if not "%ES_TARGET:;=%"=="%ES_TARGET%" set "ES_BAD=;" & set "ES_WHY=%ES_WHY_SEMICOLON%"
REM (spaces dropped first: a for /f string must not hold the word " in ", see the top)
set "ES_T=%ES_TARGET: =%"
for /f "tokens=2 delims=%%" %%A in ("#%ES_T%#") do (set "ES_BAD=%%" & set "ES_WHY=%ES_WHY_PERCENT%")
if defined ES_BAD goto :refuse_character
set "ES_T=%ES_TARGET:/=\%"
if "%ES_T:~0,2%"=="\\" goto :refuse_unc
for %%F in ("%ES_TARGET%") do set "ES_TARGET=%%~fF"
if "%ES_TARGET:~0,2%"=="\\" goto :refuse_unc
if "%ES_TARGET:~-1%"=="\" set "ES_TARGET=%ES_TARGET:~0,-1%"
REM a drive root (C:) is all of its first two characters
if "%ES_TARGET:~0,2%"=="%ES_TARGET%" goto :refuse_root
set "ES_LINE=target: %ES_TARGET%" & call :say
set "ES_T=%USERPROFILE%"
if defined ES_T if "%ES_T:~-1%"=="\" set "ES_T=%ES_T:~0,-1%"
if defined ES_T if /i "%ES_TARGET%"=="%ES_T%" goto :refuse_home
set "ES_T=%SystemRoot%"
if defined ES_T if "%ES_T:~-1%"=="\" set "ES_T=%ES_T:~0,-1%"
if defined ES_T if /i "%ES_TARGET%"=="%ES_T%" goto :refuse_systemroot
call :check_long_path
if defined ES_TOO_LONG goto :refuse_long
set "ES_RESUMING=0"
if not exist "%ES_TARGET%" goto :check_ancestor
set "ES_ATTR="
for %%F in ("%ES_TARGET%") do set "ES_ATTR=%%~aF"
if not "%ES_ATTR:~0,1%"=="d" goto :refuse_file
call :check_not_busy
if defined ES_BUSY goto :die
if exist "%ES_TARGET%\.envstrap\complete" goto :nothing_to_do
if exist "%ES_TARGET%\.envstrap\incomplete" set "ES_RESUMING=1" & goto :target_ok
call :is_empty_dir
if "%ES_EMPTY%"=="1" goto :target_ok
set "ES_WHY=it is not empty"
if exist "%ES_TARGET%\pyvenv.cfg" set "ES_WHY=it holds a virtualenv"
if exist "%ES_TARGET%\conda-meta\" set "ES_WHY=it holds a conda environment that envstrap did not create"
set "ES_CODE=%EXIT_TARGET_REFUSED%"
set "ES_MSG=the target '%ES_TARGET%' cannot be used: %ES_WHY%."
set "ES_HINT=choose a new or empty folder; envstrap never deletes what it did not create"
goto :die
:check_ancestor
REM The target's missing parents, innermost first (ES_MISS_1..ES_NMISS): made one by one later,
REM and only those this run's own mkdir made are removed again (with a plain rmdir) on failure.
set "ES_NEW=1"
set "ES_S=%ES_TARGET%"
:ancestor_up
set "ES_T="
for %%F in ("%ES_S%\..") do set "ES_T=%%~fF"
if "%ES_T:~-1%"=="\" set "ES_T=%ES_T:~0,-1%"
if /i "%ES_T%"=="%ES_S%" goto :target_ok
if exist "%ES_T%\" goto :ancestor_found
if exist "%ES_T%" goto :refuse_ancestor
REM (bounded: a path has far fewer than 400 parts)
if %ES_NMISS% GEQ 400 goto :refuse_ancestor
set /a "ES_NMISS+=1"
set "ES_MISS_%ES_NMISS%=%ES_T%"
set "ES_S=%ES_T%"
goto :ancestor_up
:ancestor_found
set "ES_ATTR="
for %%F in ("%ES_T%") do set "ES_ATTR=%%~aF"
if not "%ES_ATTR:~0,1%"=="d" goto :refuse_ancestor
:target_ok

REM ---- channels, package cache, lock, stage 1 ---------------------------------------------
if "%ES_NCH%"=="0" set "ES_NCH=1" & set "ES_CH_1=conda-forge"
for /l %%I in (1,1,%ES_NCH%) do call :resolve_channel %%I
if not defined ES_PKGS set "ES_PKGS=%ES_TARGET%\pkgs"
for %%F in ("%ES_PKGS%") do set "ES_PKGS=%%~fF"
if "%ES_PKGS:~-1%"=="\" set "ES_PKGS=%ES_PKGS%."
if not exist "%ES_PKGS%" goto :pkgs_ok
set "ES_ATTR="
for %%F in ("%ES_PKGS%") do set "ES_ATTR=%%~aF"
if "%ES_ATTR:~0,1%"=="d" goto :pkgs_ok
set "ES_CODE=%EXIT_TARGET_REFUSED%"
set "ES_MSG=the package cache '%ES_PKGS%' exists and is not a folder."
set "ES_HINT=choose another --pkgs-dir"
goto :die
:pkgs_ok
if not defined ES_LOCK goto :lock_ok
for %%F in ("%ES_LOCK%") do set "ES_LOCK=%%~fF"
set "ES_T="
if exist "%ES_LOCK%" call :is_explicit_lock
if not defined ES_T set "ES_MSG=--lock '%ES_LOCK%' is not an explicit lock file (no @EXPLICIT line)" & goto :usage_error
:lock_ok
call :find_stage1
if defined ES_DIED goto :die
if defined ES_BUNDLE goto :use_bundle

REM ---- which micromamba (nothing written yet) ---------------------------------------------
set "ES_MM_SHA="
if not defined ES_MM goto :choose_download
for %%F in ("%ES_MM%") do set "ES_MM=%%~fF"
set "ES_ATTR="
if exist "%ES_MM%" for %%F in ("%ES_MM%") do set "ES_ATTR=%%~aF"
if not defined ES_ATTR goto :mm_not_a_file
if "%ES_ATTR:~0,1%"=="d" goto :mm_not_a_file
call :sha256_of "%ES_MM%"
set "ES_MM_SHA=%ES_HASH%"
set "ES_MM_SOURCE=given: %ES_MM%"
REM A single file asks it only once its own stage 1 is checked (below), as envstrap.sh does.
if not defined ES_STAGE1_SHA256 call :mm_version
if defined ES_DIED goto :die
goto :start_writing
:choose_download
if defined ES_MM_URL set "ES_MM_VERSION_PIN=custom" & set "ES_PIN=%ES_MM_PIN%" & set "ES_URL=%ES_MM_URL%" & goto :start_writing
call :load_pins
if defined ES_NO_PINS goto :pins_missing
if not defined ES_URL goto :not_pinned
if not defined ES_PIN goto :not_pinned
if "%ES_PIN%"=="-" goto :not_pinned

REM ---- everything below writes; it starts only after every check above has passed ---------
:start_writing
set "ES_STATE=%ES_TARGET%\.envstrap"
set "ES_ROOT=%ES_STATE%\micromamba-root"
set "ES_SCRATCH=%ES_STATE%\tmp"
set "ES_RCFILE=%ES_STATE%\micromamba.yml"
set "ES_WRITING=1"
if defined ES_NEW call :make_target
if not exist "%ES_STATE%\" mkdir "%ES_STATE%" 2>nul
if not exist "%ES_STATE%\" set "ES_CODE=%EXIT_TARGET_REFUSED%" & set "ES_MSG=cannot create '%ES_STATE%' (read-only or full disk?)." & set "ES_HINT=" & goto :die
mkdir "%ES_STATE%\run.lock" 2>nul
if errorlevel 1 goto :busy_now
set "ES_LOCKED=1"
>"%ES_STATE%\run.lock\owner" echo envstrap.bat started %DATE% %TIME% on %COMPUTERNAME%
REM Looked at again under the lock: another run may have made or finished the target since the
REM checks (its markers are then the truth, not what this run saw before).
if exist "%ES_STATE%\complete" goto :completed_meanwhile
if exist "%ES_STATE%\incomplete" set "ES_RESUMING=1"
REM The single file's stage 1: decoded into .envstrap and checked before anything runs it.
if defined ES_STAGE1_SHA256 set "ES_SRC=%ES_STATE%\stage1.pyz" & call :write_stage1
if defined ES_DIED goto :stage1_failed
for %%D in ("%ES_ROOT%" "%ES_SCRATCH%" "%ES_TARGET%\conda-meta" "%ES_PKGS%") do if not exist "%%~D\" mkdir "%%~D" 2>nul
set "ES_T="
for %%D in ("%ES_ROOT%" "%ES_SCRATCH%" "%ES_TARGET%\conda-meta" "%ES_PKGS%") do if not exist "%%~D\" set "ES_T=1"
if defined ES_T set "ES_CODE=%EXIT_TARGET_REFUSED%" & set "ES_MSG=cannot create folders in '%ES_TARGET%' or '%ES_PKGS%' (read-only or full disk?)." & set "ES_HINT=" & goto :die
if "%ES_RESUMING%"=="1" set "ES_LINE=resuming the incomplete environment in '%ES_TARGET%'" & call :say
if "%ES_RESUMING%"=="1" goto :marked
>"%ES_STATE%\incomplete" echo envstrap %ES_VERSION% (envstrap.bat); this environment is incomplete until .envstrap\complete exists
if not exist "%ES_STATE%\incomplete" set "ES_CODE=%EXIT_FAILED%" & set "ES_MSG=cannot write in '%ES_STATE%' (read-only or full disk?)." & set "ES_HINT=" & goto :die
:marked
if defined ES_BUNDLE call :write_bundle_lock
if defined ES_DIED goto :die
if defined ES_BUNDLE call :copy_bundle_micromamba
if defined ES_DIED goto :die
if defined ES_MM goto :micromamba_ready
call :fetch_micromamba
if defined ES_DIED goto :die
:micromamba_ready
if not defined ES_MM_VERSION call :mm_version
if defined ES_DIED goto :die
if defined ES_BUNDLE call :check_bundle_pin
if defined ES_DIED goto :die
REM micromamba `install` into a prepared prefix: `create` would register the environment in
REM the home folder and may delete an existing prefix (docs\design\micromamba.md).
if not exist "%ES_TARGET%\conda-meta\history" type nul >"%ES_TARGET%\conda-meta\history"
call :write_rc
if defined ES_DIED goto :die
call :scrub_environment
set "TEMP=%ES_SCRATCH%"
set "TMP=%ES_SCRATCH%"
set "TMPDIR=%ES_SCRATCH%"

REM ---- micromamba install -----------------------------------------------------------------
set ES_CMD="%ES_MM%" install -r "%ES_ROOT%" -p "%ES_TARGET%" --rc-file "%ES_RCFILE%" -y
if "%ES_OFFLINE%"=="1" set ES_CMD=%ES_CMD% --offline
if defined ES_LOCK set ES_CMD=%ES_CMD% -f "%ES_LOCK%"
if defined ES_LOCK goto :run_install
set ES_CMD=%ES_CMD% --override-channels --strict-channel-priority
for /l %%I in (1,1,%ES_NCH%) do call :append_item ES_CMD -c ES_CH_%%I
if defined ES_PYTHON set ES_CMD=%ES_CMD% "python=%ES_PYTHON%"
if not defined ES_PYTHON set ES_CMD=%ES_CMD% python
set ES_CMD=%ES_CMD% conda mamba
for /l %%I in (1,1,%ES_NWITH%) do call :append_item ES_CMD "" ES_WITH_%%I
:run_install
set "ES_LINE=creating the environment with micromamba %ES_MM_VERSION%" & call :say
set "ES_LOG=%ES_SCRATCH%\micromamba-stderr.log"
set "ES_OUT=%ES_SCRATCH%\micromamba-stdout.log"
REM 2.x's output streams; 1.x's is shown when it ends, without its activation advice.
if not "%ES_MM_VERSION:~0,2%"=="1." %ES_CMD% 2>"%ES_LOG%"
if "%ES_MM_VERSION:~0,2%"=="1." %ES_CMD% >"%ES_OUT%" 2>"%ES_LOG%"
set "ES_STATUS=%errorlevel%"
if "%ES_MM_VERSION:~0,2%"=="1." call :show_output
type "%ES_LOG%" 1>&2
if "%ES_STATUS%"=="0" goto :installed
set "ES_CODE=%EXIT_CREATE_FAILED%"
set "ES_MSG=micromamba could not create the environment (exit code %ES_STATUS%); see its messages above."
set "ES_HINT=fix the cause and run the same command again"
set "ES_FULL="
set "ES_READONLY="
pushd "%ES_SCRATCH%"
for /f "usebackq delims=" %%L in ("micromamba-stderr.log") do (set "ES_L=%%L" & call :scan_log_line)
popd
if defined ES_FULL set "ES_MSG=the disk holding '%ES_TARGET%' or '%ES_PKGS%' is full (micromamba exit code %ES_STATUS%)." & set "ES_HINT=free some space, then run the same command again"
if defined ES_READONLY set "ES_MSG='%ES_TARGET%' or '%ES_PKGS%' is on a read-only file system (micromamba exit code %ES_STATUS%)." & set "ES_HINT=choose a writable place"
goto :die
:installed
if exist "%ES_TARGET%\python.exe" goto :hand_over
set "ES_CODE=%EXIT_CREATE_FAILED%"
set "ES_MSG=micromamba finished but '%ES_TARGET%\python.exe' is missing."
set "ES_HINT=run the same command again"
goto :die

REM ---- stage 1: the environment's own python, isolated (-I) and writing no .pyc (-B) -------
:hand_over
set ES_CMD="%ES_TARGET%\python.exe" -I -B -c "%ES_BOOT%" "%ES_SRC%" finalize "%ES_TARGET%" --python "%ES_PYTHON%" --pkgs-dir "%ES_PKGS%" --micromamba-version "%ES_MM_VERSION%" --micromamba-sha256 "%ES_MM_SHA%" --micromamba-source "%ES_MM_SOURCE%" --started ""
for /l %%I in (1,1,%ES_NCH%) do call :append_item ES_CMD --channel ES_CH_%%I
for /l %%I in (1,1,%ES_NWITH%) do call :append_item ES_CMD --with ES_WITH_%%I
if defined ES_LOCK set ES_CMD=%ES_CMD% --lock "%ES_LOCK%"
if defined ES_BUNDLE set ES_CMD=%ES_CMD% --bundle "%ES_BUNDLE%"
if "%ES_OFFLINE%"=="1" set ES_CMD=%ES_CMD% --offline
%ES_CMD%
set "ES_STATUS=%errorlevel%"
REM "done" means complete: stage 1 must have written .envstrap\complete, whatever its exit code
REM says; otherwise fail with its exit code (FINALIZE_FAILED if that was 0).
if not "%ES_STATUS%"=="0" set "ES_LINE=stage 1 failed (exit code %ES_STATUS%): the target is incomplete." & call :say
if not "%ES_STATUS%"=="0" set "ES_RC=%ES_STATUS%" & goto :failed
if not exist "%ES_STATE%\complete" set "ES_CODE=%EXIT_FINALIZE_FAILED%" & set "ES_MSG=stage 1 ended with exit code 0, but '%ES_STATE%\complete' does not exist: the target is incomplete." & set "ES_HINT=run the same command again" & goto :die
if exist "%ES_SCRATCH%\" rmdir /s /q "%ES_SCRATCH%" 2>nul
if exist "%ES_ROOT%\" rmdir /s /q "%ES_ROOT%" 2>nul
if exist "%ES_RCFILE%" del /f /q "%ES_RCFILE%" 2>nul
if exist "%ES_STATE%\micromamba-bin\" rmdir /s /q "%ES_STATE%\micromamba-bin" 2>nul
if exist "%ES_STATE%\run.lock\" rmdir /s /q "%ES_STATE%\run.lock" 2>nul
set "ES_LOCKED=0"
set "ES_LINE=done. Activate with:" & call :say
for %%Q in (^") do set "ES_LINE=  %%Q%ES_TARGET%\activate.bat%%Q       (cmd.exe)"
call :say
for %%Q in (^") do set "ES_LINE=  & %%Q%ES_TARGET%\Activate.ps1%%Q     (PowerShell)"
call :say
set "ES_RC=%EXIT_OK%"
goto :finish

REM ---- --bundle DIR: every file checked against SHA256SUMS before anything is written or run ----
:use_bundle
for /f "tokens=2 delims=%%" %%A in ("#%ES_BUNDLE%#") do (set "ES_MSG=the bundle path '%ES_BUNDLE%' contains %%, which cmd.exe cannot carry safely" & goto :usage_error)
for %%F in ("%ES_BUNDLE%") do set "ES_BUNDLE=%%~fF"
if "%ES_BUNDLE:~-1%"=="\" set "ES_BUNDLE=%ES_BUNDLE:~0,-1%"
set "ES_T=1"
for %%F in (SHA256SUMS lock.txt channels.txt) do if not exist "%ES_BUNDLE%\%%F" set "ES_T="
if not defined ES_T set "ES_MSG='%ES_BUNDLE%' is not an envstrap bundle (no SHA256SUMS, lock.txt or channels.txt)" & goto :usage_error
set "ES_BUNDLED_MM=%ES_BUNDLE%\micromamba\win-64\micromamba.exe"
if not exist "%ES_BUNDLED_MM%" set "ES_CODE=%EXIT_MICROMAMBA_UNAVAILABLE%" & set "ES_MSG=the bundle has no micromamba for win-64." & set "ES_HINT=make the bundle on a win-64 machine" & goto :die
REM The pins the bundle's micromamba is checked against (:check_bundle_pin): without them that
REM check could not be made, so the run is refused as the download refuses it.
call :load_pins
if defined ES_NO_PINS goto :bundle_pins_missing
set "ES_LINE=checking every file of the bundle against its SHA256SUMS" & call :say
REM Each verified package gets a variable ES_OK_<subdir>/<file>; the lock may name only those.
set "ES_MM_SHA="
set "ES_FLAT="
set "ES_LISTED_LOCK="
set "ES_LISTED_CHANNELS="
for /f "usebackq delims=" %%L in ("%ES_BUNDLE%\SHA256SUMS") do (set "ES_L=%%L" & call :bundle_check_line)
if defined ES_DIED goto :die
if not defined ES_MM_SHA set "ES_CODE=%EXIT_MICROMAMBA_UNAVAILABLE%" & set "ES_MSG=the bundle's micromamba is not listed in SHA256SUMS." & set "ES_HINT=make the bundle again" & goto :die
if not defined ES_LISTED_LOCK set "ES_CODE=%EXIT_CREATE_FAILED%" & set "ES_MSG=the bundle's lock.txt is not listed in SHA256SUMS." & set "ES_HINT=make the bundle again" & goto :die
if not defined ES_LISTED_CHANNELS set "ES_CODE=%EXIT_CREATE_FAILED%" & set "ES_MSG=the bundle's channels.txt is not listed in SHA256SUMS." & set "ES_HINT=make the bundle again" & goto :die
if defined ES_FLAT set "ES_MSG='%ES_BUNDLE%' was made by an older envstrap: its packages lie flat in pkgs\, where micromamba 1.x cannot find them. Make the bundle again with this envstrap (envstrap.bat bundle ENV DIR)" & goto :usage_error
set "ES_MM_SOURCE=bundle: %ES_BUNDLE%"
set "ES_NCH=0"
for /f "usebackq delims=" %%C in ("%ES_BUNDLE%\channels.txt") do (set "ES_L=%%C" & call :bundle_channel)
goto :start_writing

REM ---- doctor TARGET [...] and bundle TARGET DIR [...]: stage 1 on the env's own python -------
:stage1_verb
if "%ES_VERB%"=="doctor" call :json_wanted %*
shift
set "ES_TARGET=%~1"
if not defined ES_TARGET set "ES_MSG=%ES_VERB% needs the environment folder: envstrap.bat %ES_VERB% TARGET" & goto :usage_error
if "%ES_TARGET:~0,1%"=="-" set "ES_MSG=%ES_VERB% needs the environment folder first, got '%ES_TARGET%'" & goto :usage_error
for %%F in ("%ES_TARGET%") do set "ES_TARGET=%%~fF"
if "%ES_TARGET:~-1%"=="\" set "ES_TARGET=%ES_TARGET:~0,-1%"
set "ES_JSON_TARGET=%ES_TARGET%"
shift
set ES_REST=
:stage1_args
set "ES_ARG=%~1"
if not defined ES_ARG goto :stage1_run
set ES_REST=%ES_REST% "%ES_ARG%"
shift
goto :stage1_args
:stage1_run
call :find_stage1
if defined ES_DIED goto :die
if exist "%ES_TARGET%\python.exe" goto :stage1_exec
set "ES_CODE=%EXIT_NOT_AN_ENVSTRAP_ENV%"
set "ES_MSG='%ES_TARGET%' has no python.exe: it is not an envstrap environment (or is badly broken)."
set "ES_HINT=give the folder envstrap.bat created"
goto :die
:stage1_exec
REM From the single file: the environment's own stage 1 when it is this one, else this one.
if not defined ES_STAGE1_SHA256 goto :stage1_exec_run
set "ES_SRC=%ES_TARGET%\.envstrap\stage1.pyz"
set "ES_HASH="
if exist "%ES_SRC%" call :sha256_of "%ES_SRC%"
if not "%ES_HASH%"=="%ES_STAGE1_SHA256%" set "ES_SRC=%ES_TARGET%\.envstrap\stage1-%ES_STAGE1_SHA256:~0,12%.pyz" & call :write_stage1
if defined ES_DIED goto :die
:stage1_exec_run
REM Not scrubbed: doctor must see this shell's real environment.
"%ES_TARGET%\python.exe" -I -B -c "%ES_BOOT%" "%ES_SRC%" %ES_VERB% "%ES_TARGET%" %ES_REST%
set "ES_RC=%errorlevel%"
goto :finish

REM ---- endings ----------------------------------------------------------------------------
:help
call :usage
set "ES_RC=%EXIT_OK%"
goto :finish
:version
echo envstrap %ES_VERSION%
set "ES_RC=%EXIT_OK%"
goto :finish
:nothing_to_do
set "ES_LINE='%ES_TARGET%' is already a complete envstrap environment; nothing to do." & call :say
for %%Q in (^") do set "ES_LINE=activate it with: %%Q%ES_TARGET%\activate.bat%%Q"
call :say
set "ES_RC=%EXIT_OK%"
goto :finish

:completed_meanwhile
rmdir /s /q "%ES_STATE%\run.lock" 2>nul
set "ES_LOCKED=0"
set "ES_LINE=another envstrap run completed '%ES_TARGET%' meanwhile; nothing to do." & call :say
set "ES_RC=%EXIT_OK%"
goto :finish

:unknown_option
set "ES_MSG=unknown option '%ES_ARG%'"
goto :usage_error
:extra_argument
set "ES_MSG=unexpected argument '%ES_ARG%' (the target is already '%ES_TARGET%')"
goto :usage_error
:unexpected_argument
set "ES_MSG=unexpected argument '%ES_ARG%'"
goto :usage_error
:option_needs_value
if defined ES_VAL set "ES_MSG=option %ES_OPT% needs a value, got '%ES_VAL%'" & goto :usage_error
set "ES_MSG=option %ES_OPT% needs a value"
goto :usage_error
:value_with_quote
set "ES_MSG=option %ES_OPT%: a value must not contain a double quote"
goto :usage_error
:bad_python
set "ES_MSG=--python takes a version such as 3.12 or 3.12.4, got '%ES_VAL%'"
goto :usage_error
:bad_pin
set "ES_MSG=--micromamba-sha256 takes 64 hex digits, got '%ES_VAL%'"
goto :usage_error
:url_and_pin
set "ES_MSG=--micromamba-url and --micromamba-sha256 go together: give both or neither"
goto :usage_error
:lock_exclusive
set "ES_MSG=--lock installs exactly the locked packages: --python and --with do not apply"
goto :usage_error
:bundle_exclusive
set "ES_MSG=--bundle brings its own packages, channels and micromamba: --lock, --python, --with, --channel and --micromamba* do not apply"
goto :usage_error
:usage_error
set "ES_CODE=%EXIT_USAGE%"
set "ES_HINT=see 'envstrap.bat --help'"
goto :die

:refuse_character
set "ES_CODE=%EXIT_TARGET_REFUSED%"
set "ES_MSG=the target '%ES_TARGET%' contains '%ES_BAD%', which cmd.exe cannot carry safely: %ES_WHY%."
set "ES_HINT=choose a folder name without ! %% ^ ; or double quotes"
goto :die
:refuse_quote
REM (the message leaves out the path: its quote would end the message's own quoting)
set "ES_CODE=%EXIT_TARGET_REFUSED%"
set "ES_MSG=the target contains a double quote, which cmd.exe cannot carry safely: %ES_WHY_QUOTE%."
set "ES_HINT=choose a folder name without ! %% ^ ; or double quotes"
goto :die
:refuse_unc
set "ES_CODE=%EXIT_TARGET_REFUSED%"
set "ES_MSG=the target '%ES_TARGET%' is a network (UNC) path: cmd.exe cannot use it as the current folder, and activate.bat and conda's scripts need that."
set "ES_HINT=choose a folder on a local drive, or map the share to a drive letter first"
goto :die
:refuse_root
set "ES_CODE=%EXIT_TARGET_REFUSED%"
set "ES_MSG=the target is the root folder '%ES_TARGET%\' of a drive."
set "ES_HINT=choose a new or empty folder"
goto :die
:refuse_home
set "ES_CODE=%EXIT_TARGET_REFUSED%"
set "ES_MSG=the target is your home folder '%ES_TARGET%' itself."
set "ES_HINT=choose a folder inside it, e.g. %ES_TARGET%\envs\py312"
goto :die
:refuse_systemroot
set "ES_CODE=%EXIT_TARGET_REFUSED%"
set "ES_MSG=the target is the Windows folder '%ES_TARGET%' itself."
set "ES_HINT=choose a new or empty folder"
goto :die
:refuse_long
set "ES_CODE=%EXIT_TARGET_REFUSED%"
set "ES_MSG=the target '%ES_TARGET%' is %ES_LEN% characters long: with %ES_ROOM% more for the files an environment holds it exceeds Windows' 259-character limit, and long paths are not enabled (LongPathsEnabled is 0 or not set)."
set "ES_HINT=choose a shorter path, e.g. C:\envs\py312, or ask an administrator to enable long paths"
goto :die
:refuse_file
set "ES_CODE=%EXIT_TARGET_REFUSED%"
set "ES_MSG=the target '%ES_TARGET%' exists and is not a folder."
set "ES_HINT=choose a new or empty folder"
goto :die
:refuse_ancestor
set "ES_CODE=%EXIT_TARGET_REFUSED%"
set "ES_MSG='%ES_T%' is in the target's path but is not a folder."
set "ES_HINT=choose another target"
goto :die
:mm_not_a_file
set "ES_CODE=%EXIT_MICROMAMBA_UNAVAILABLE%"
set "ES_MSG=micromamba '%ES_MM%' is not an executable file."
set "ES_HINT=check the --micromamba path"
goto :die
:pins_missing
set "ES_CODE=%EXIT_MICROMAMBA_UNAVAILABLE%"
set "ES_MSG=the pins file '%ES_PINS%' is missing."
set "ES_HINT=use a complete envstrap checkout, or pass --micromamba PATH"
goto :die
:bundle_pins_missing
set "ES_CODE=%EXIT_MICROMAMBA_UNAVAILABLE%"
set "ES_MSG=the pins file '%ES_PINS%' is missing."
set "ES_HINT=use a complete envstrap checkout (a bundle's micromamba is checked against its micromamba.pins)"
goto :die
:not_pinned
set "ES_CODE=%EXIT_MICROMAMBA_UNAVAILABLE%"
set "ES_MSG=this envstrap pins no checksum of micromamba %ES_MM_VERSION_PIN% for win-64, so it will not download one."
set "ES_HINT=pass --micromamba PATH (a binary you trust), or --micromamba-url URL with --micromamba-sha256 HEX"
goto :die
:busy_now
set "ES_WRITING=0"
set "ES_CREATED=0"
call :check_not_busy
if defined ES_BUSY goto :die
set "ES_CODE=%EXIT_TARGET_BUSY%"
set "ES_MSG=another envstrap run is starting in '%ES_TARGET%'."
set "ES_HINT=wait for it to finish"
goto :die

:die
REM ES_CODE, ES_MSG and (optional) ES_HINT say what went wrong.
set "ES_DIED="
set "ES_LINE=error: %ES_MSG%" & call :say
if defined ES_HINT set "ES_LINE=hint: %ES_HINT%" & call :say
if defined ES_JSON call :doctor_json
set "ES_RC=%ES_CODE%"
if "%ES_WRITING%"=="1" goto :failed
goto :finish

:failed
if defined ES_PARTIAL if exist "%ES_PARTIAL%" del /f /q "%ES_PARTIAL%" 2>nul
if defined ES_MM_PRIVATE if exist "%ES_MM_PRIVATE%\" rmdir /s /q "%ES_MM_PRIVATE%" 2>nul
if "%ES_LOCKED%"=="1" rmdir /s /q "%ES_STATE%\run.lock" 2>nul
set "ES_LOCKED=0"
REM The target is removed only if this run's mkdir made it and the run held its lock (a run
REM that did not get the lock has ES_CREATED=0, see :busy_now).
if "%ES_CREATED%"=="1" if "%ES_KEEP%"=="0" goto :remove_created
set "ES_LINE='%ES_TARGET%' is left marked incomplete; run the same command again to resume." & call :say
goto :remove_parents
:remove_created
rmdir /s /q "%ES_TARGET%" 2>nul
set "ES_LINE=removed '%ES_TARGET%', which this run had created (--keep-failed keeps it for inspection)." & call :say
:remove_parents
REM The parents this run's mkdir made, innermost first, each with a plain rmdir: one that holds
REM anything now (another run's environment, someone's file) stays, and so do its parents.
if "%ES_KEEP%"=="1" goto :finish
set "ES_KEPT="
for /l %%I in (1,1,%ES_NMISS%) do call :remove_parent %%I
goto :finish

:finish
if defined ES_CP "%ES_SYS%\chcp.com" %ES_CP% >nul
exit /b %ES_RC%

REM ---- subroutines ------------------------------------------------------------------------

:json_wanted
REM doctor --json (ES_JSON=1, ES_DEEP=true with --deep): read from all the arguments, since the
REM command line may be what is wrong.
set "ES_DEEP=false"
:json_wanted_next
set "ES_T=%~1"
if not defined ES_T exit /b 0
if /i "%ES_T%"=="--json" set "ES_JSON=1"
if /i "%ES_T%"=="--deep" set "ES_DEEP=true"
shift
goto :json_wanted_next

:doctor_json
REM doctor --json promises one JSON object on stdout, also when doctor cannot run (schema in
REM docs\doctor.md): the error, its exit code, no checks. Backslashes are doubled and quotes
REM escaped; a Windows path holds no control character. Printed like :say prints.
set "ES_JM=%ES_MSG:\=\\%"
set "ES_JM=%ES_JM:"=\"%"
set "ES_JT="
if defined ES_JSON_TARGET set "ES_JT=%ES_JSON_TARGET:\=\\%"
set "ES_CWD=%CD%"
setlocal EnableDelayedExpansion
echo {"schema": 1, "envstrap_version": "%ES_VERSION%", "target": "!ES_JT!", "deep": %ES_DEEP%, "error": {"exit_code": %ES_CODE%, "message": "!ES_JM!"}, "summary": {"error": 0, "warning": 0, "info": 0}, "checks": [], "findings": []}
endlocal
cd /d "%ES_CWD%"
exit /b 0

:say
REM Print "envstrap: " and ES_LINE to stderr. !ES_LINE! is expanded after the line was parsed, so
REM & ( ) ^ and quotes in it are only text (a for /f string would break on wine 10's cmd when
REM the message holds the word " in ", and a CALL argument would expand a %% again). A message
REM holding a ! (never a target: refused) goes through a for variable instead, since some cmds
REM (wine's) expand a ! in a value again.
set "ES_T=%ES_LINE:"=%"
if not "%ES_T:!=%"=="%ES_T%" goto :say_bang
set "ES_CWD=%CD%"
setlocal EnableDelayedExpansion
echo envstrap: !ES_LINE!>&2
endlocal
REM (wine's endlocal returns to a folder left earlier with popd: back to where :say began)
cd /d "%ES_CWD%"
exit /b 0
:say_bang
for /f "delims=" %%M in ("envstrap: %ES_LINE%") do echo %%M>&2
exit /b 0

:is_explicit_lock
REM ES_T=1 when the --lock file ES_LOCK has an @EXPLICIT line (read from its own folder).
set "ES_LOCK_DIR="
set "ES_LOCK_NAME="
for %%F in ("%ES_LOCK%") do set "ES_LOCK_DIR=%%~dpF"
for %%F in ("%ES_LOCK%") do set "ES_LOCK_NAME=%%~nxF"
pushd "%ES_LOCK_DIR%"
if errorlevel 1 exit /b 0
for /f "usebackq tokens=1" %%L in ("%ES_LOCK_NAME%") do if "%%L"=="@EXPLICIT" set "ES_T=1"
popd
exit /b 0

:codepage_save
REM Remember the caller's code page (any language: "Active code page: 850", "Aktive Codepage:
REM 850.") and switch to UTF-8. No console (chcp prints 0 or fails): leave it alone.
if not exist "%ES_SYS%\chcp.com" exit /b 0
for /f "tokens=2 delims=:" %%A in ('"%%ES_SYS%%\chcp.com"') do set "ES_CP=%%A"
if not defined ES_CP exit /b 0
set "ES_CP=%ES_CP: =%"
if not defined ES_CP exit /b 0
set "ES_CP=%ES_CP:.=%"
if not defined ES_CP exit /b 0
for /f "delims=0123456789" %%A in ("%ES_CP%") do set "ES_CP="
if "%ES_CP%"=="0" set "ES_CP="
if "%ES_CP%"=="65001" set "ES_CP="
if defined ES_CP "%ES_SYS%\chcp.com" 65001 >nul
exit /b 0

:make_target
REM Make the missing parents (outermost first), then the target, each with a plain mkdir, and
REM remember which ones this run's own mkdir made: another run may make them at the same moment.
for /l %%I in (%ES_NMISS%,-1,1) do call :make_parent %%I
mkdir "%ES_TARGET%" 2>nul
if not errorlevel 1 set "ES_CREATED=1"
exit /b 0
:make_parent
call set "ES_T=%%ES_MISS_%1%%"
mkdir "%ES_T%" 2>nul
if not errorlevel 1 set "ES_MADE_%1=1"
exit /b 0
:remove_parent
if defined ES_KEPT exit /b 0
if not defined ES_MADE_%1 set "ES_KEPT=1"
if defined ES_KEPT exit /b 0
call set "ES_T=%%ES_MISS_%1%%"
rmdir "%ES_T%" 2>nul
if exist "%ES_T%\" set "ES_KEPT=1"
if defined ES_KEPT exit /b 0
set "ES_LINE=removed '%ES_T%', which this run had created (it was empty)." & call :say
exit /b 0

:check_marker
REM %1 names a marker variable; set ES_DIRTY (first one found) when it is set.
if defined ES_DIRTY exit /b 0
if not defined %1 exit /b 0
call set "ES_DIRTY_VALUE=%%%1:"=%%"
if "%1"=="CONDA_SHLVL" if "%ES_DIRTY_VALUE%"=="0" exit /b 0
set "ES_DIRTY=%1"
exit /b 0

:check_long_path
REM A target whose length + ES_ROOM exceeds 259 needs long paths: HKLM\...\FileSystem
REM LongPathsEnabled = 1 (only read, never written; missing means off). A usual target is known
REM short from one character, with no loop (every goto makes cmd search the file for its label):
REM with no 140th character (259 - ES_ROOM = 139) it is short. The target is followed by a ?
REM sentinel, which no Windows path holds: a substring past the end gives nothing, or on wine 10
REM its last character, the sentinel. Only a long target is counted, so reg.exe runs only for it:
REM one character at a time up to a sentinel # (never a substring past the end of the value),
REM 8192 steps at most.
set "ES_TOO_LONG="
set "ES_T=%ES_TARGET%?"
set "ES_T=%ES_T:~139,1%"
if "%ES_T%"=="" exit /b 0
if "%ES_T%"=="?" exit /b 0
set "ES_T=%ES_TARGET%#"
set "ES_LEN=0"
:check_long_path_next
if "%ES_T%"=="#" goto :check_long_path_done
if %ES_LEN% GEQ 8192 goto :check_long_path_done
set "ES_T=%ES_T:~1%"
set /a "ES_LEN+=1"
goto :check_long_path_next
:check_long_path_done
set /a "ES_T=ES_LEN+ES_ROOM"
if %ES_T% LEQ 259 exit /b 0
set "ES_LP="
for /f "tokens=3" %%A in ('""%%ES_SYS%%\reg.exe" query "HKLM\SYSTEM\CurrentControlSet\Control\FileSystem" /v LongPathsEnabled 2>nul"') do set "ES_LP=%%A"
if not "%ES_LP%"=="0x1" set "ES_TOO_LONG=1"
exit /b 0

:check_not_busy
REM One envstrap run per target at a time: the folder .envstrap\run.lock.
set "ES_BUSY="
if not exist "%ES_TARGET%\.envstrap\run.lock\" exit /b 0
set "ES_OWNER=just now"
if exist "%ES_TARGET%\.envstrap\run.lock\owner" set /p ES_OWNER=<"%ES_TARGET%\.envstrap\run.lock\owner"
set "ES_CODE=%EXIT_TARGET_BUSY%"
set "ES_MSG=another envstrap run (%ES_OWNER%) is using '%ES_TARGET%'."
set "ES_HINT=wait for it to finish; if no envstrap is running, delete the folder '%ES_TARGET%\.envstrap\run.lock'"
set "ES_BUSY=1"
exit /b 0

:is_empty_dir
REM ES_EMPTY=1 when ES_TARGET holds nothing at all (hidden files count). pushd: wine's cmd
REM matches nothing with a quoted wildcard pattern.
set "ES_EMPTY=1"
REM (no || or &&: wine's cmd mishandles them)
pushd "%ES_TARGET%"
if errorlevel 1 exit /b 0
for /d %%F in (*) do set "ES_EMPTY=0"
for %%F in (*) do set "ES_EMPTY=0"
REM hidden and system files too (plain for skips them)
for /f "delims=" %%F in ('dir /a /b 2^>nul') do set "ES_EMPTY=0"
popd
exit /b 0

:resolve_channel
REM Channels as given, except local folders, which become absolute paths.
call set "ES_T=%%ES_CH_%1%%"
if not "%ES_T:://=%"=="%ES_T%" exit /b 0
if "%ES_T:\=%%ES_T:/=%"=="%ES_T%%ES_T%" exit /b 0
if not exist "%ES_T%\" exit /b 0
for %%F in ("%ES_T%") do set "ES_T=%%~fF"
if "%ES_T:~-1%"=="\" if not "%ES_T:~-2%"==":\" set "ES_T=%ES_T:~0,-1%"
set "ES_CH_%1=%ES_T%"
exit /b 0

:scan_log_line
REM Does micromamba's message line ES_L name a full disk or a read-only file system? (the
REM substitution ignores case; quotes are dropped first so the line stays data)
set "ES_L=%ES_L:"=%"
if not "%ES_L:no space left on device=%"=="%ES_L%" set "ES_FULL=1"
if not "%ES_L:not enough space on the disk=%"=="%ES_L%" set "ES_FULL=1"
if not "%ES_L:disk quota exceeded=%"=="%ES_L%" set "ES_FULL=1"
if not "%ES_L:read-only file system=%"=="%ES_L%" set "ES_READONLY=1"
if not "%ES_L:write-protected=%"=="%ES_L%" set "ES_READONLY=1"
exit /b 0

:find_stage1
REM The single file carries its stage 1 (see :write_stage1); a checkout has it in ..\src.
if defined ES_STAGE1_SHA256 exit /b 0
set "ES_SRC="
for %%F in ("%ES_SCRIPT_DIR%\..\src") do set "ES_SRC=%%~fF"
if exist "%ES_SRC%\envstrap\__init__.py" exit /b 0
set "ES_CODE=%EXIT_FAILED%"
set "ES_MSG=cannot find envstrap's stage 1 (src\envstrap) next to this script."
set "ES_HINT=run envstrap.bat from a complete envstrap checkout"
set "ES_DIED=1"
exit /b 0

:write_stage1
REM Write the single file's stage 1 (base64 after its last line, ES_PAYLOAD_SKIP lines down) to
REM ES_SRC with certutil -decode, and check its sha256, unless an intact copy is there already.
set "ES_HASH="
if exist "%ES_SRC%" call :sha256_of "%ES_SRC%"
if "%ES_HASH%"=="%ES_STAGE1_SHA256%" exit /b 0
set "ES_B64=%ES_SRC%.base64"
set "ES_PARTIAL=%ES_SRC%.partial"
del /f /q "%ES_B64%" "%ES_PARTIAL%" 2>nul
call :payload_lines >"%ES_B64%"
"%ES_SYS%\certutil.exe" -decode "%ES_B64%" "%ES_PARTIAL%" >nul 2>&1
del /f /q "%ES_B64%" 2>nul
set "ES_HASH="
if exist "%ES_PARTIAL%" call :sha256_of "%ES_PARTIAL%"
if not "%ES_HASH%"=="%ES_STAGE1_SHA256%" goto :stage1_damaged
move /y "%ES_PARTIAL%" "%ES_SRC%" >nul 2>&1
set "ES_PARTIAL="
if exist "%ES_SRC%" exit /b 0
set "ES_CODE=%EXIT_FAILED%" & set "ES_MSG=cannot write '%ES_SRC%' (read-only or full disk?)." & set "ES_HINT=" & set "ES_DIED=1"
exit /b 0
:stage1_failed
REM Before anything ran: an empty folder the user gave is left as it was (no lock, no .envstrap),
REM so the same command with an intact file can use it; a target this run made goes in :failed.
rmdir /s /q "%ES_STATE%\run.lock" 2>nul
set "ES_LOCKED=0"
if "%ES_CREATED%"=="1" goto :die
rmdir "%ES_STATE%" 2>nul
set "ES_WRITING=0"
goto :die
:stage1_damaged
if exist "%ES_PARTIAL%" del /f /q "%ES_PARTIAL%" 2>nul
set "ES_PARTIAL="
if not defined ES_HASH set "ES_HASH=(unreadable)"
set "ES_CODE=%EXIT_STAGE1_DAMAGED%"
set "ES_MSG=this envstrap.bat is damaged: its built-in stage 1 has sha256 %ES_HASH%, expected %ES_STAGE1_SHA256%."
set "ES_HINT=download it again and check it against SHA256SUMS; nothing was run"
set "ES_DIED=1"
exit /b 0
:payload_lines
for /f "usebackq skip=%ES_PAYLOAD_SKIP% delims=" %%L in ("%ES_SELF%") do echo %%L
exit /b 0

:append_item
REM Append [%2] "value of %3" to the command line in %1 (each value quoted, so & | < > stay text).
call set "ES_ITEM=%%%3%%"
if "%~2"=="" set %1=%ES_CMD% "%ES_ITEM%"
if not "%~2"=="" set %1=%ES_CMD% %~2 "%ES_ITEM%"
exit /b 0

:lower
REM Lower-case the hex digits of the variable %1 (substitution ignores case).
for %%C in (a b c d e f) do call set "%1=%%%1:%%C=%%C%%"
exit /b 0

:sha256_of
REM ES_HASH = sha256 of %1 as 64 lower-case hex digits (certutil; older Windows puts spaces
REM between bytes), or empty.
set "ES_HASH="
set "ES_HASH_FILE=%~1"
for /f "skip=1 delims=" %%H in ('""%%ES_SYS%%\certutil.exe" -hashfile "%%ES_HASH_FILE%%" SHA256"') do if not defined ES_HASH set "ES_HASH=%%H"
if not defined ES_HASH exit /b 0
set "ES_HASH=%ES_HASH: =%"
call :lower ES_HASH
set "ES_T=%ES_HASH%"
for /f "delims=0123456789abcdef" %%A in ("%ES_HASH%") do set "ES_T="
set "ES_S=%ES_HASH%################################################################"
if not "%ES_S:~0,64%"=="%ES_HASH%" set "ES_T="
if not defined ES_T set "ES_HASH="
exit /b 0

:verify_binary
REM Is %1 a Windows executable (starts with MZ) with sha256 ES_PIN? Else ES_REJECTED says why.
set "ES_REJECTED="
set "ES_HEAD="
set /p ES_HEAD=<"%~1"
if defined ES_HEAD set "ES_HEAD=%ES_HEAD:"=.%"
if defined ES_HEAD set "ES_HEAD=%ES_HEAD:~0,2%"
if not "%ES_HEAD%"=="MZ" set "ES_REJECTED=it is not a win-64 executable (it does not start with MZ; an error page?)" & exit /b 0
call :sha256_of "%~1"
if not defined ES_HASH set "ES_CODE=%EXIT_MICROMAMBA_UNAVAILABLE%" & set "ES_MSG=certutil could not compute the sha256 of '%~1'." & set "ES_HINT=check that %ES_SYS%\certutil.exe works" & set "ES_DIED=1" & exit /b 0
if not "%ES_HASH%"=="%ES_PIN%" set "ES_REJECTED=checksum mismatch: expected sha256 %ES_PIN%, got %ES_HASH%"
exit /b 0

:fetch_micromamba
REM Download (or take from the cache) the pinned micromamba. What runs is always a private copy,
REM in a folder only this run made (inside the target), verified after it was copied there: a
REM package cache other users can write may change its file between any check and any run, and
REM a predictable download name can be planted.
set "ES_CACHE=%ES_PKGS%\.envstrap-micromamba\%ES_PIN%"
set "ES_CACHED=%ES_CACHE%\micromamba.exe"
call :make_private
if defined ES_DIED exit /b 0
set "ES_MM=%ES_MM_PRIVATE%\micromamba.exe"
if not exist "%ES_CACHED%" goto :fetch_download
set "ES_LINK="
call :is_link "%ES_CACHED%"
if defined ES_LINK set "ES_LINE=the cached micromamba '%ES_CACHED%' is a symbolic link: not used" & call :say & goto :fetch_download
copy /b /y "%ES_CACHED%" "%ES_MM%" >nul 2>nul
if not exist "%ES_MM%" goto :fetch_download
call :verify_binary "%ES_MM%"
if defined ES_DIED exit /b 0
if not defined ES_REJECTED set "ES_LINE=using the cached micromamba %ES_MM_VERSION_PIN% (sha256 verified again)" & call :say & goto :fetch_done
set "ES_LINE=the cached micromamba fails verification (%ES_REJECTED%); fetching it again" & call :say
del /f /q "%ES_MM%" 2>nul
:fetch_download
if "%ES_OFFLINE%"=="1" set "ES_CODE=%EXIT_MICROMAMBA_UNAVAILABLE%" & set "ES_MSG=--offline, and no verified micromamba is cached in '%ES_CACHE%'." & set "ES_HINT=pass --micromamba PATH, or run once online with the same --pkgs-dir" & set "ES_DIED=1" & exit /b 0
if not exist "%ES_SYS%\curl.exe" set "ES_CODE=%EXIT_MICROMAMBA_UNAVAILABLE%" & set "ES_MSG=%ES_SYS%\curl.exe is missing (Windows 10 1803 and later ship it), so micromamba cannot be downloaded." & set "ES_HINT=pass --micromamba PATH" & set "ES_DIED=1" & exit /b 0
set "ES_PARTIAL=%ES_MM_PRIVATE%\download.tmp"
set "ES_LINE=downloading micromamba %ES_MM_VERSION_PIN% for win-64 from %ES_URL%" & call :say
"%ES_SYS%\curl.exe" --fail --location --silent --show-error --proto =https,file --proto-redir =https --retry 3 --retry-delay 1 --connect-timeout 20 --speed-limit 1024 --speed-time 60 --output "%ES_PARTIAL%" -- "%ES_URL%"
if errorlevel 1 goto :fetch_failed
if not exist "%ES_PARTIAL%" goto :fetch_failed
call :verify_binary "%ES_PARTIAL%"
if defined ES_DIED exit /b 0
if defined ES_REJECTED goto :fetch_rejected
move /y "%ES_PARTIAL%" "%ES_MM%" >nul 2>nul
if not exist "%ES_MM%" set "ES_CODE=%EXIT_FAILED%" & set "ES_MSG=cannot move micromamba within '%ES_MM_PRIVATE%'." & set "ES_HINT=" & set "ES_DIED=1" & exit /b 0
set "ES_PARTIAL="
call :store_in_cache
:fetch_done
set "ES_MM_SHA=%ES_PIN%"
set "ES_MM_SOURCE=%ES_URL%"
exit /b 0
:fetch_failed
if exist "%ES_PARTIAL%" del /f /q "%ES_PARTIAL%" 2>nul
set "ES_PARTIAL="
set "ES_CODE=%EXIT_MICROMAMBA_UNAVAILABLE%"
set "ES_MSG=downloading micromamba failed: %ES_URL%"
set "ES_HINT=check the network and proxy (HTTPS_PROXY), or pass --micromamba PATH"
set "ES_DIED=1"
exit /b 0
:fetch_rejected
del /f /q "%ES_PARTIAL%" 2>nul
set "ES_PARTIAL="
set "ES_CODE=%EXIT_MICROMAMBA_UNAVAILABLE%"
set "ES_MSG=refusing the micromamba downloaded from %ES_URL%: %ES_REJECTED%. It was deleted and not run."
set "ES_HINT=if a mirror serves another build, pin its hash with --micromamba-sha256; never run an unverified binary"
set "ES_DIED=1"
exit /b 0

:make_private
REM ES_MM_PRIVATE: a fresh folder of this run's own in its scratch folder (mkdir fails on a name
REM that exists, so nothing planted is used; at most 20 random names are tried).
set "ES_MM_PRIVATE="
for /l %%I in (1,1,20) do if not defined ES_MM_PRIVATE call :make_private_try
if defined ES_MM_PRIVATE exit /b 0
set "ES_CODE=%EXIT_FAILED%" & set "ES_MSG=cannot make a private folder in '%ES_SCRATCH%'." & set "ES_HINT=" & set "ES_DIED=1"
exit /b 0
:make_private_try
set "ES_T=%ES_SCRATCH%\micromamba-%RANDOM%%RANDOM%"
mkdir "%ES_T%" 2>nul
if not errorlevel 1 set "ES_MM_PRIVATE=%ES_T%"
exit /b 0

:is_link
REM Set ES_LINK=1 when %1 is a symbolic link or junction (a reparse point: l in its attributes).
set "ES_ATTR="
for %%F in ("%~1") do set "ES_ATTR=%%~aF"
if defined ES_ATTR if not "%ES_ATTR:l=%"=="%ES_ATTR%" set "ES_LINK=1"
exit /b 0

:store_in_cache
REM Keep the verified micromamba in the cache for later runs: copied to a fresh name there (not
REM over anything that exists), then renamed over the entry, so the entry is never a link; not
REM into cache folders that are links. Not kept is no error.
for %%D in ("%ES_PKGS%\.envstrap-micromamba" "%ES_CACHE%") do if not exist "%%~D\" mkdir "%%~D" 2>nul
set "ES_LINK="
for %%D in ("%ES_PKGS%\.envstrap-micromamba" "%ES_CACHE%") do call :is_link "%%~D"
if defined ES_LINK set "ES_LINE=micromamba is not kept in the cache: a folder of '%ES_CACHE%' is a link" & call :say & exit /b 0
set "ES_CACHE_TMP=%ES_CACHE%\micromamba-%RANDOM%%RANDOM%.tmp"
if exist "%ES_CACHE_TMP%" exit /b 0
copy /b "%ES_MM%" "%ES_CACHE_TMP%" >nul 2>nul
if exist "%ES_CACHE_TMP%" move /y "%ES_CACHE_TMP%" "%ES_CACHED%" >nul 2>nul
if exist "%ES_CACHE_TMP%" del /f /q "%ES_CACHE_TMP%" 2>nul
if not exist "%ES_CACHED%" set "ES_LINE=micromamba could not be kept in the cache '%ES_CACHE%'" & call :say
exit /b 0

:bundle_check_line
REM One "SHA256  PATH" line of SHA256SUMS (in ES_L): PATH must be a plain relative path and its
REM file must have that sha256. Quotes are dropped first, so the line stays data.
if defined ES_DIED exit /b 0
set "ES_L=%ES_L:"=%"
if not defined ES_L exit /b 0
set "ES_SUM=%ES_L:~0,64%"
set "ES_SEP=%ES_L:~64,2%"
set "ES_P=%ES_L:~66%"
set "ES_T=1"
if not "%ES_SEP%"=="  " set "ES_T="
if "%ES_SUM:~63,1%"=="" set "ES_T="
for /f "delims=0123456789abcdefABCDEF" %%A in ("0%ES_SUM%") do set "ES_T="
if not defined ES_P set "ES_T="
if not defined ES_T set "ES_CODE=%EXIT_CREATE_FAILED%" & set "ES_MSG=the bundle's SHA256SUMS has a line that is not '<sha256>  <path>': %ES_L%" & set "ES_HINT=make the bundle again" & set "ES_DIED=1" & exit /b 0
for /f "delims=ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._+-/" %%A in ("x%ES_P%") do set "ES_T="
if "%ES_P:~0,1%"=="/" set "ES_T="
if not "%ES_P:..=%"=="%ES_P%" set "ES_T="
if not defined ES_T set "ES_CODE=%EXIT_CREATE_FAILED%" & set "ES_MSG=the bundle lists an unsafe path '%ES_P%'." & set "ES_HINT=make the bundle again" & set "ES_DIED=1" & exit /b 0
call :lower ES_SUM
set "ES_HASH="
set "ES_F=%ES_BUNDLE%\%ES_P:/=\%"
if exist "%ES_F%" call :sha256_of "%ES_F%"
if not defined ES_HASH set "ES_HASH=(missing)"
if not "%ES_HASH%"=="%ES_SUM%" set "ES_CODE=%EXIT_CREATE_FAILED%" & set "ES_MSG=the bundle is damaged: '%ES_P%' has sha256 %ES_HASH%, SHA256SUMS says %ES_SUM%." & set "ES_HINT=make the bundle again" & set "ES_DIED=1" & exit /b 0
if "%ES_P:~0,5%"=="pkgs/" set "ES_OK_%ES_P:~5%=1"
set "ES_R=%ES_P:~5%"
if "%ES_P:~0,5%"=="pkgs/" if "%ES_R:/=%"=="%ES_R%" set "ES_FLAT=1"
if "%ES_P%"=="lock.txt" set "ES_LISTED_LOCK=1"
if "%ES_P%"=="channels.txt" set "ES_LISTED_CHANNELS=1"
if "%ES_P%"=="micromamba/win-64/micromamba.exe" set "ES_MM_SHA=%ES_HASH%"
exit /b 0

:bundle_channel
REM One line of the bundle's channels.txt (in ES_L) becomes the next ES_CH_n.
set "ES_L=%ES_L:"=%"
if not defined ES_L exit /b 0
set /a "ES_NCH+=1"
set "ES_CH_%ES_NCH%=%ES_L%"
exit /b 0

:write_bundle_lock
REM The bundle's lock with every URL pointing at the bundle's own (verified) package file.
set "ES_LOCK=%ES_STATE%\bundle-lock.txt"
call :file_url
>"%ES_LOCK%" echo @EXPLICIT
if not exist "%ES_LOCK%" set "ES_CODE=%EXIT_FAILED%" & set "ES_MSG=cannot write '%ES_LOCK%'." & set "ES_HINT=" & set "ES_DIED=1" & exit /b 0
for /f "usebackq eol=# delims=" %%L in ("%ES_BUNDLE%\lock.txt") do (set "ES_L=%%L" & call :bundle_lock_line)
REM the ES_OK_ marks are not passed on to micromamba and stage 1
for /f "delims==" %%V in ('set ES_OK_ 2^>nul') do set "%%V="
exit /b 0
:bundle_lock_line
if defined ES_DIED exit /b 0
set "ES_L=%ES_L:"=%"
if not defined ES_L exit /b 0
if "%ES_L%"=="@EXPLICIT" exit /b 0
set "ES_H="
for /f "tokens=1,* delims=#" %%A in ("%ES_L%") do set "ES_H=%%B"
set "ES_U="
for /f "tokens=1 delims=#" %%A in ("%ES_L%") do set "ES_U=%%A"
set "ES_NAME="
if defined ES_U for %%P in ("%ES_U:/=" "%") do set "ES_NAME=%%~P"
set "ES_T=%ES_NAME%"
if defined ES_NAME for /f "delims=ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._+-" %%A in ("x%ES_NAME%") do set "ES_T="
set "ES_SUB="
if defined ES_T if defined ES_OK_noarch/%ES_T% set "ES_SUB=noarch"
if defined ES_T if defined ES_OK_win-64/%ES_T% set "ES_SUB=win-64"
if not defined ES_SUB set "ES_CODE=%EXIT_CREATE_FAILED%" & set "ES_MSG=the bundle's lock names %ES_NAME%, which SHA256SUMS does not list." & set "ES_HINT=make the bundle again" & set "ES_DIED=1" & exit /b 0
set "ES_T=%ES_NAME%"
if defined ES_H for /f "delims=0123456789abcdefABCDEF" %%A in ("0%ES_H%") do set "ES_T="
if not defined ES_T set "ES_CODE=%EXIT_CREATE_FAILED%" & set "ES_MSG=the bundle's lock line for %ES_NAME% does not end in #md5." & set "ES_HINT=make the bundle again" & set "ES_DIED=1" & exit /b 0
if defined ES_H set "ES_T=%ES_NAME%#%ES_H%"
for /f "usebackq delims=" %%B in ("%ES_URL_FILE%") do for /f "delims=" %%M in ("%ES_SUB%/%ES_T%") do >>"%ES_LOCK%" echo %%B/pkgs/%%M
exit /b 0

:copy_bundle_micromamba
REM --bundle runs a private copy of the bundle's micromamba, made in the target's .envstrap and
REM hashed there, never the bundle's file itself (which others may be able to change).
set "ES_MM=%ES_STATE%\micromamba-bin\micromamba.exe"
if exist "%ES_STATE%\micromamba-bin\" rmdir /s /q "%ES_STATE%\micromamba-bin" 2>nul
mkdir "%ES_STATE%\micromamba-bin" 2>nul
copy /y /b "%ES_BUNDLED_MM%" "%ES_MM%" >nul 2>nul
if not exist "%ES_MM%" set "ES_CODE=%EXIT_FAILED%" & set "ES_MSG=cannot copy the bundle's micromamba into '%ES_STATE%\micromamba-bin'." & set "ES_HINT=" & set "ES_DIED=1" & exit /b 0
call :sha256_of "%ES_MM%"
if not "%ES_HASH%"=="%ES_MM_SHA%" set "ES_CODE=%EXIT_MICROMAMBA_UNAVAILABLE%" & set "ES_MSG=the bundle's micromamba changed after it was checked (sha256 %ES_HASH%, SHA256SUMS says %ES_MM_SHA%)." & set "ES_HINT=make sure nothing writes to the bundle, then run the same command again" & set "ES_DIED=1" & exit /b 0
exit /b 0

:mm_version
REM ES_MM_VERSION = what ES_MM --version prints; only 1.5.x and 2.x are supported
REM (docs/micromamba-versions.md). Else ES_DIED with the reason.
set "ES_MM_VERSION="
for /f "delims=" %%V in ('""%%ES_MM%%" --version 2>nul"') do if not defined ES_MM_VERSION set "ES_MM_VERSION=%%V"
if not defined ES_MM_VERSION set "ES_CODE=%EXIT_MICROMAMBA_UNAVAILABLE%" & set "ES_MSG='%ES_MM% --version' failed: this is not a working micromamba for this machine." & set "ES_HINT=check the --micromamba path" & set "ES_DIED=1" & exit /b 0
if "%ES_MM_VERSION:~0,4%"=="1.5." exit /b 0
if "%ES_MM_VERSION:~0,2%"=="2." exit /b 0
set "ES_CODE=%EXIT_MICROMAMBA_UNAVAILABLE%"
set "ES_MSG=micromamba %ES_MM_VERSION% is not supported: envstrap works with micromamba 1.5.x and 2.x."
set "ES_HINT=pass --micromamba with a 1.5.x or 2.x binary, or leave --micromamba out to use the pinned one"
set "ES_DIED=1"
exit /b 0

:load_pins
REM micromamba.pins (built into the single file, or next to this script) for win-64, into
REM ES_MM_VERSION_PIN, ES_PIN (lower case) and ES_URL; ES_NO_PINS when there is none. Read by
REM the download (:choose_download) and, for a bundle's pin check, by :use_bundle alike.
set "ES_MM_VERSION_PIN=%ES_BUILT_MM_VERSION%"
set "ES_PIN=%ES_BUILT_PIN%"
set "ES_URL=%ES_BUILT_URL%"
set "ES_NO_PINS="
set "ES_PINS=%ES_SCRIPT_DIR%\micromamba.pins"
if defined ES_BUILT_MM_VERSION goto :pins_loaded
if not exist "%ES_PINS%" set "ES_NO_PINS=1" & exit /b 0
REM (read from its folder: a path in a for /f string may hold the word " in ")
pushd "%ES_SCRIPT_DIR%"
for /f "usebackq eol=# tokens=1,2" %%A in ("micromamba.pins") do if "%%A"=="version" set "ES_MM_VERSION_PIN=%%B"
REM (one variable per loop: wine's cmd does not substitute %%C after a & inside the do)
for /f "usebackq eol=# tokens=1,2" %%A in ("micromamba.pins") do if "%%A"=="win-64" set "ES_PIN=%%B"
for /f "usebackq eol=# tokens=1,3" %%A in ("micromamba.pins") do if "%%A"=="win-64" set "ES_URL=%%B"
popd
:pins_loaded
if defined ES_PIN call :lower ES_PIN
exit /b 0

:check_bundle_pin
REM A bundle's micromamba that says it is the version micromamba.pins pins must be the pinned build.
REM The single file compares with the pins built into it, a checkout with micromamba.pins (both
REM loaded by :use_bundle).
REM (the version without the release's build number: 2.5.0 for 2.5.0-1)
set "ES_PIN_V="
if defined ES_MM_VERSION_PIN for /f "tokens=1 delims=-" %%V in ("%ES_MM_VERSION_PIN%") do set "ES_PIN_V=%%V"
if not "%ES_PIN_V%"=="%ES_MM_VERSION%" exit /b 0
if not defined ES_PIN exit /b 0
if "%ES_PIN%"=="-" exit /b 0
if "%ES_PIN%"=="%ES_MM_SHA%" set "ES_LINE=the bundle's micromamba is the pinned %ES_MM_VERSION% build" & call :say & exit /b 0
set "ES_CODE=%EXIT_MICROMAMBA_UNAVAILABLE%"
set "ES_MSG=the bundle's micromamba says it is %ES_MM_VERSION%, which micromamba.pins pins, but its sha256 %ES_MM_SHA% is not the pinned %ES_PIN%."
set "ES_HINT=make the bundle again with the pinned micromamba, and check where this bundle came from"
set "ES_DIED=1"
exit /b 0

:show_output
REM micromamba 1.x's stdout (ES_OUT) without its closing "To activate this environment, use:
REM micromamba activate ... micromamba run -p ... mycommand" advice: wrong for an envstrap
REM environment, and envstrap says how to activate it. (for /f skips blank lines.)
set "ES_SKIP=0"
if not exist "%ES_OUT%" exit /b 0
for /f "usebackq delims=" %%L in ("%ES_OUT%") do (
    set "ES_L=%%L"
    call :advice_line
    if not defined ES_DROP echo.%%L
)
exit /b 0
:advice_line
set "ES_DROP="
set "ES_Q=%ES_L:"=%"
if "%ES_SKIP%"=="0" if "%ES_Q%"=="To activate this environment, use:" set "ES_SKIP=5" & set "ES_DROP=1" & exit /b 0
if "%ES_SKIP%"=="0" exit /b 0
set /a "ES_SKIP-=1"
set "ES_DROP=1"
if not "%ES_Q: mycommand=%"=="%ES_Q%" set "ES_SKIP=0"
exit /b 0

:file_url
REM Write the file:// URL of ES_BUNDLE (file:///C:/a%%20b, or file://server/share for UNC) to
REM ES_URL_FILE, with no newline: \ becomes /, a space %%20, # %%23 and = %%3D. The %% comes from
REM a for variable and the URL is only ever read back through one: wine's cmd expands a %%2 in
REM a value again, which Windows' cmd does not.
set "ES_URL_FILE=%ES_SCRATCH%\bundle-url.txt"
set "ES_S=%ES_BUNDLE%"
set "ES_T=file:///"
if "%ES_S:~0,2%"=="\\" set "ES_S=%ES_S:~2%" & set "ES_T=file://"
<nul set /p "=%ES_T%" >"%ES_URL_FILE%"
REM one character at a time up to a sentinel # (never a substring past the end), 8192 at most
set "ES_S=%ES_S%#"
set "ES_N=0"
:file_url_next
if "%ES_S%"=="#" exit /b 0
if %ES_N% GEQ 8192 exit /b 0
set /a "ES_N+=1"
set "ES_C=%ES_S:~0,1%"
set "ES_S=%ES_S:~1%"
set "ES_X="
if "%ES_C%"==" " set "ES_X=20"
if "%ES_C%"=="#" set "ES_X=23"
for /f "tokens=2 delims==" %%A in ("x%ES_C%x") do set "ES_X=3D"
if "%ES_C%"=="\" set "ES_C=/"
if defined ES_X for %%P in (%%) do <nul set /p "=%%P%ES_X%" >>"%ES_URL_FILE%"
if not defined ES_X <nul set /p "=%ES_C%" >>"%ES_URL_FILE%"
goto :file_url_next

:write_rc
REM micromamba's only rc file for this run (--rc-file: the user's .condarc/.mambarc are not read).
>"%ES_RCFILE%" echo # Written by envstrap for its one micromamba call; nothing else reads this file.
if not exist "%ES_RCFILE%" set "ES_CODE=%EXIT_FAILED%" & set "ES_MSG=cannot write '%ES_RCFILE%'." & set "ES_HINT=" & set "ES_DIED=1" & exit /b 0
>>"%ES_RCFILE%" echo channels:
for /l %%I in (1,1,%ES_NCH%) do call :write_rc_item ES_CH_%%I
>>"%ES_RCFILE%" echo channel_priority: strict
REM 2.x asks local channels for repodata.json.zst first and warns when it is missing.
set "ES_T="
if defined ES_BUNDLE set "ES_T=1"
for /l %%I in (1,1,%ES_NCH%) do call :is_local_channel ES_CH_%%I
if defined ES_T >>"%ES_RCFILE%" echo repodata_use_zst: false
>>"%ES_RCFILE%" echo pkgs_dirs:
set "ES_ITEM=%ES_PKGS%"
call :write_rc_item ES_ITEM
exit /b 0
:is_local_channel
REM Set ES_T when the channel in the variable %1 is a file:// URL or a local folder.
call set "ES_Y=%%%1%%"
if /i "%ES_Y:~0,7%"=="file://" set "ES_T=1"
if "%ES_Y:~0,3%"=="%ES_Y:~0,1%:\" set "ES_T=1"
if "%ES_Y:~0,2%"=="\\" set "ES_T=1"
exit /b 0
:write_rc_item
REM A YAML single-quoted scalar: only ' needs doubling.
call set "ES_Y=%%%1%%"
set "ES_Y=%ES_Y:'=''%"
for /f "delims=" %%L in ("  - '%ES_Y%'") do >>"%ES_RCFILE%" echo %%L
exit /b 0

:scrub_environment
REM No trace of other Python/conda environments reaches micromamba and stage 1.
set "ES_ENVFILE=%ES_SCRATCH%\environment.txt"
set >"%ES_ENVFILE%" 2>nul
pushd "%ES_SCRATCH%"
for /f "usebackq delims==" %%N in ("environment.txt") do call :scrub_one "%%N"
popd
del /f /q "%ES_ENVFILE%" 2>nul
exit /b 0
REM BEGIN GENERATED: scrub (python3 tools/build.py --regions writes it from src\envstrap)
:scrub_one
set "ES_N=%~1"
if /i "%ES_N:~0,6%"=="CONDA_" set "%ES_N%="
if /i "%ES_N:~0,4%"=="_CE_" set "%ES_N%="
if /i "%ES_N:~0,7%"=="_CONDA_" set "%ES_N%="
if /i "%ES_N:~0,6%"=="MAMBA_" set "%ES_N%="
if /i "%ES_N:~0,6%"=="PYTHON" set "%ES_N%="
if /i "%ES_N%"=="CONDARC" set "%ES_N%="
if /i "%ES_N%"=="MAMBARC" set "%ES_N%="
if /i "%ES_N%"=="VIRTUAL_ENV" set "%ES_N%="
if /i "%ES_N:~0,9%"=="ENVSTRAP_" set "%ES_N%="
exit /b 0
REM END GENERATED

REM BEGIN GENERATED: usage (python3 tools/build.py --regions writes it from src\envstrap)
:usage
echo Usage: envstrap.bat TARGET [options]
echo        envstrap.bat NEW --bundle DIR
echo        envstrap.bat doctor TARGET [--json] [--deep]
echo        envstrap.bat bundle TARGET DIR [--micromamba PATH]
echo        envstrap.bat --help ^| --version
echo.
echo Create a standalone conda environment (python, conda, mamba) in the folder TARGET.
echo micromamba is downloaded from the URL pinned in micromamba.pins (next to this script,
echo or built into it) and run only after its sha256 matches the pin.
echo HTTPS_PROXY and NO_PROXY are honoured.
echo Supported micromamba versions (also for --micromamba PATH): 1.5.x and 2.x; others exit 5.
echo.
echo Options:
echo   --python VERSION   Python version to install (e.g. 3.12); default: the newest
echo   --with SPEC        an extra conda package spec to install (repeatable), e.g. --with uv
echo   --channel URL      channel to install from (repeatable; default conda-forge);
echo                      a name, an http(s)/file:// URL or a local folder
echo   --lock FILE        install exactly the packages of an explicit lock (e.g. the
echo                      .envstrap\lock.txt of another environment), with no solve
echo   --offline          use only the package cache (and a cached or given micromamba)
echo   --bundle DIR       make the environment from a bundle (see "bundle" below) with no
echo                      network at all; every file is checked against its SHA256SUMS first
echo   --pkgs-dir DIR     package cache (default TARGET\pkgs); share one across environments
echo   --micromamba PATH  use this micromamba.exe (nothing is downloaded)
echo   --micromamba-url URL --micromamba-sha256 HEX
echo                      download micromamba from this https:// or file:// URL (a mirror)
echo                      and accept it only with this sha256; both or neither
echo   --keep-failed      keep a target this run created when the run fails
echo                      (default: remove it; a target that existed before is never removed)
echo   -h, --help         show this help
echo   --version          show envstrap's version
echo.
echo The target must not contain ! %% ^^ ; or double quotes (cmd.exe cannot carry them), be a
echo drive root, your profile folder, the Windows folder or a network (\\server\share) path.
echo.
echo doctor checks an environment and this shell for anything that breaks isolation
echo (exit 0: no errors, 1: errors, 8: not an envstrap environment).
echo bundle writes DIR with every package file, micromamba, the lock and checksums of TARGET.
echo doctor and bundle run TARGET's own python: use them only on folders you trust.
echo.
echo Afterwards:
echo   "TARGET\activate.bat"       (cmd.exe; from a batch file: call "TARGET\activate.bat")
echo   ^& "TARGET\Activate.ps1"     (PowerShell)
echo   deactivate
echo.
echo Exit codes:
echo   0   success
echo   1   failed (doctor: errors found)
echo   2   bad command line
echo   3   another Python environment is active in this shell
echo   4   target path refused (unsafe or unusable)
echo   5   no usable, verified micromamba
echo   6   micromamba could not create the environment
echo   7   stage 1 could not finish the environment
echo   8   not a (complete) envstrap environment
echo   9   another envstrap run is using the target
echo   10  this single-file envstrap is damaged (its stage 1 fails its sha256)
exit /b 0
REM END GENERATED
