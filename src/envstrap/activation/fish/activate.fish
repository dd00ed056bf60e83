# envstrap @VERSION@: activation for fish. Generated; do not edit.
#   activate:   source /path/to/env/activate.fish
#   deactivate: deactivate
# Only builtins run here; the environment is found from this file's own location.

function _envstrap_refuse --argument-names prefix var value meaning
    echo "envstrap: cannot activate '$prefix': $var is set ('$value'): $meaning." >&2
    echo "envstrap: only one environment may be active in a shell and in the shells it starts; deactivate it first ('deactivate' for envstrap or a venv, 'conda deactivate' for conda), or open a new shell with no environment active." >&2
end

function _envstrap_main --argument-names _envstrap_p
    if set -q @MARKER@; and test "$@MARKER@" = "$_envstrap_p"
        if contains -- @ACTIVE_DIR@ $PATH
            echo "envstrap: '$_envstrap_p' is already active in this shell or its parent; nothing to do." >&2
            return 0
        end
        # Under an environment conda activated on top, the guard below names that one.
        if test -z "$CONDA_PREFIX"; or test "$CONDA_PREFIX" = "$_envstrap_p"
            echo "envstrap: cannot activate '$_envstrap_p': @MARKER@ names it but it is not on PATH (conda deactivated it without envstrap, or PATH was reset); run 'deactivate' in the shell that activated it, or open a new shell." >&2
            return 3
        end
    end
@GUARD@

    # Guard passed: from here on the shell is changed, and deactivate undoes every change.
    function _envstrap_save --argument-names name
        if set -q $name
            set -g _envstrap_old_$name $$name
            set -g _envstrap_had_$name 1
        else
            set -g _envstrap_had_$name 0
        end
    end
    function _envstrap_restore --argument-names name
        set -l had _envstrap_had_$name
        set -l old _envstrap_old_$name
        if test "$$had" = 1
            set -gx $name $$old
        else
            set -e $name
        end
        set -e $had
        set -e $old
    end
    function _envstrap_snap --argument-names name  # as activation leaves it, for a resume
        if set -q $name
            set -g _envstrap_new_$name $$name
            set -g _envstrap_nhad_$name 1
        else
            set -g _envstrap_nhad_$name 0
        end
    end
    # _envstrap_old_ _envstrap_had_: suspend (conda leaves for another environment or reactivates
    # this one; PATH is conda's); _envstrap_new_ _envstrap_nhad_: resume. Bookkeeping is kept.
    function _envstrap_conda_switch --argument-names value had
        for name in @RESTORED@ $_envstrap_config_vars
            set -l h $had$name
            set -l v $value$name
            if test "$$h" = 1
                set -gx $name $$v
            else
                set -e $name
            end
        end
    end
    function deactivate --description 'Leave the envstrap environment'
        if not set -q _envstrap_active
            echo 'envstrap: no environment was activated in this shell; nothing to do.' >&2
            return 1
        end
        if test "$argv[1]" = --suspend
            _envstrap_conda_switch _envstrap_old_ _envstrap_had_
            set -g _envstrap_suspended 1
            return 0
        end
        if set -q _envstrap_suspended
            echo "envstrap: '$_envstrap_active' is not active here: conda activated $CONDA_PREFIX on top of it; run 'conda deactivate' first." >&2
            return 1
        end
        set -l hooks $_envstrap_active/@DEACTIVATE_D@/*.fish
        if test "$argv[1]" = --conda  # conda ran deactivate.d itself, ending with our hook
            set hooks
        end
        if set -q hooks[1]
            set -g _envstrap_deactivating 1
            for hook in $hooks[-1..1]
                source $hook
            end
            set -e _envstrap_deactivating
        end
        for name in $_envstrap_config_vars
            _envstrap_restore $name
        end
        # conda's deactivate takes off all our PATH entries but the last (condabin): hook or not.
        set -l conda_left_PATH $_envstrap_added_PATH[-1] $_envstrap_old_PATH
        if test "$PATH" = "$_envstrap_new_PATH"; or test "$PATH" = "$conda_left_PATH"
            _envstrap_restore PATH
        else
            # PATH was changed while active: take out one occurrence of each entry activation
            # added (the first, wherever it now stands); every other change stays (conda's rule).
            for entry in $_envstrap_added_PATH
                set -l i (contains -i -- $entry $PATH); and set -e PATH[$i]
            end
            set -e _envstrap_old_PATH
            set -e _envstrap_had_PATH
        end
        for name in @RESTORED@
            _envstrap_restore $name
        end
        if set -q _envstrap_prompt
            functions -e fish_prompt
            if functions -q _envstrap_old_fish_prompt
                functions -c _envstrap_old_fish_prompt fish_prompt
                functions -e _envstrap_old_fish_prompt
            end
        end
        set -e _envstrap_prompt
        set -e _envstrap_new_PATH
        set -e _envstrap_added_PATH
        for name in @RESTORED@ $_envstrap_config_vars
            set -e _envstrap_new_$name
            set -e _envstrap_nhad_$name
        end
        set -e _envstrap_config_vars
        set -e _envstrap_active
        functions -e deactivate _envstrap_save _envstrap_restore _envstrap_set_status _envstrap_snap _envstrap_conda_switch
    end

    for name in @SAVED@
        _envstrap_save $name
    end
    set -l _envstrap_modifier (string split -f2 -r -m1 / -- "/$_envstrap_p")
    for c in @UNSAFE@
        set _envstrap_modifier (string replace -a -- $c _ $_envstrap_modifier)
    end
    set _envstrap_modifier "($_envstrap_modifier) "

    # Names ending in PATH make fish treat these as path lists, like PATH itself.
    set -g _envstrap_added_PATH @PATH_DIRS@
    set -gx PATH $_envstrap_added_PATH $PATH
@SET_VARS@
    for name in @UNSET_VARS@
        set -e $name
    end
    set -g _envstrap_new_PATH $PATH
    set -g _envstrap_config_vars
    _envstrap_all_config_vars $_envstrap_p
    if not set -q @PROMPT_OPT_OUT@; or test -z "$@PROMPT_OPT_OUT@"
        set -g _envstrap_prompt 1
        if functions -q fish_prompt
            functions -c fish_prompt _envstrap_old_fish_prompt
        end
        function _envstrap_set_status --argument-names code
            return $code
        end
        function fish_prompt
            set -l last_status $status
            printf '%s' "$CONDA_PROMPT_MODIFIER"
            if functions -q _envstrap_old_fish_prompt
                _envstrap_set_status $last_status
                _envstrap_old_fish_prompt
            end
        end
    end
    for name in @RESTORED@ $_envstrap_config_vars
        _envstrap_snap $name
    end
    set -g _envstrap_active $_envstrap_p
    for hook in $_envstrap_p/@ACTIVATE_D@/*.fish
        source $hook
    end
    return 0
end

# ---- config vars (docs/design/config-vars.md: the JSON read, and what a value may hold) ------

# Apply one config var as conda does: names upper-cased; managed and reserved names skipped;
# "***unset***" hides a value an earlier file (a package's env_vars.d) set; an empty value
# unsets (cmd.exe has no empty variables). key and raw: the JSON text between the quotes.
function _envstrap_config_var --argument-names key raw
    if not string match -qr '^[A-Za-z_][A-Za-z0-9_]*$' -- $key
        printf "envstrap: config var '%s' is not a usable variable name; skipped.\n" $key >&2
        return 0
    end
    set -l up (string upper -- $key)
    if contains -- $up @MANAGED@; or string match -q -- '@INTERNAL_PREFIX@*' $up
        printf 'envstrap: config var %s is managed by activation; skipped.\n' $up >&2
        return 0
    end
    if string match -qr '\\\\[bfnru]' -- (string replace -a '\\\\' '' -- $raw)
        printf 'envstrap: config var %s holds an escape activation does not decode (%s); skipped.\n' $up '\b \f \n \r \u' >&2
        return 0
    end
    set -l value ''
    if test -n "$raw"  # (values hold no line break: \n is not decoded)
        set value (string replace -a '\\\\' \e -- $raw | string replace -a '\\"' '"' \
            | string replace -a '\\/' / | string replace -a '\\t' \t | string replace -a \e '\\')
    end
    if string match -q -- '*"*' $value; and string match -qr '[&|<>^]' -- $value
        printf 'envstrap: config var %s holds a double quote together with one of & | < > ^, which cmd.exe cannot carry; skipped.\n' $up >&2
        return 0
    end
    if test "$value" = @UNSET_SENTINEL@
        if contains -- $up $_envstrap_config_vars
            _envstrap_restore $up
            set -g _envstrap_config_vars (string match -v -- $up $_envstrap_config_vars)
        end
        return 0
    end
    if not contains -- $up $_envstrap_config_vars
        _envstrap_save $up
        set -g _envstrap_config_vars $up $_envstrap_config_vars
    end
    if test -n "$value"
        set -gx $up $value
    else
        set -e $up
    end
end

# The config vars of JSON file $path ($mode = flat: etc/conda/env_vars.d/*.json; nested: the
# "env_vars" object of conda-meta/state). The whole file is checked before any of it is used.
function _envstrap_config_file --argument-names path mode
    test -f $path; or return 0
    read -lz json < $path
    set -l w '[ \t\n\r\v\f]*'
    set -l s '"(?:[^"\\\\\x00-\x1f\x7f]|\\\\(?:["\\\\/bfnrt]|u[0-9A-Fa-f]{4}))*"'
    set -l flat '\{'$w'(?:'$s$w':'$w$s'(?:'$w','$w$s$w':'$w$s')*)?'$w'\}'
    set -l value $s
    test "$mode" = nested; and set value '(?:'$s'|'$flat')'
    if not string match -qr -- '^'$w'\{'$w'(?:'$s$w':'$w$value'(?:'$w','$w$s$w':'$w$value')*)?'$w'\}'$w'$' $json
        printf "envstrap: '%s' is not JSON activation can read (an object of strings); its config vars are skipped.\n" $path >&2
        return 0
    end
    # Line breaks are only whitespace now (checked): one line, so each match is one item.
    set json (string replace -a \n ' ' -- $json | string replace -a \r ' ')
    set -l raw '"((?:[^"\\\\]|\\\\.)*)"'
    if test "$mode" = nested  # the "env_vars" members whose value is an object
        set -l members (string match -ra -- $raw$w':'$w'('$s'|'$flat')' $json)
        set -l objects
        while set -q members[3]  # (match, name, value) triples
            if test "$members[2]" = env_vars; and string match -q -- '{*' $members[3]
                set -a objects $members[3]
            end
            set -e members[1..3]
        end
        set json $objects
    end
    for object in $json
        set -l pairs (string match -ra -- $raw$w':'$w$raw $object)
        while set -q pairs[3]  # (match, name, value) triples
            _envstrap_config_var $pairs[2] $pairs[3]
            set -e pairs[1..3]
        end
    end
end

# Package-provided variables first (sorted), then `conda env config vars`, which win.
function _envstrap_all_config_vars --argument-names prefix
    for file in $prefix/@ENV_VARS_D@/*.json
        _envstrap_config_file $file flat
    end
    _envstrap_config_file $prefix/@STATE_FILE@ nested
end

set -l _envstrap_here (builtin realpath -- (status --current-filename))
set -l _envstrap_status 0
_envstrap_main (string replace -r -- '/[^/]*$' '' $_envstrap_here)
set _envstrap_status $status
functions -e _envstrap_main _envstrap_refuse _envstrap_config_file _envstrap_config_var _envstrap_all_config_vars
if not set -q _envstrap_active
    functions -e _envstrap_save _envstrap_restore deactivate _envstrap_set_status _envstrap_snap _envstrap_conda_switch
end
return $_envstrap_status  # a sourced file returns like a function
