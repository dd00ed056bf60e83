# envstrap @VERSION@: the less usual parts of activation for fish, sourced by activate.fish
# (and by envstrap's conda hooks) only when needed, so a usual activation does not parse them.
# Whoever sources it runs _envstrap_more_done after use. Generated; do not edit.

function _envstrap_more_done
    functions -e @MORE_FUNCTIONS@
end

function _envstrap_refuse --argument-names prefix var value meaning
    echo "envstrap: cannot activate '$prefix': $var is set ('$value'): $meaning." >&2
    echo "envstrap: only one environment may be active in a shell and in the shells it starts; deactivate it first ('deactivate' for envstrap or a venv, 'conda deactivate' for conda), or open a new shell with no environment active." >&2
end

# activate.fish found a marker set: 0 when this environment is already active here, 3 otherwise
# (one of the checks below returns: they test what activate.fish's quick test did, one by one).
function _envstrap_guard --argument-names _envstrap_p
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
    return 3
end

# _envstrap_old_ _envstrap_had: suspend (conda leaves for another environment or reactivates
# this one; PATH is conda's); bookkeeping is kept. Without --suspend: deactivate while suspended.
function _envstrap_suspend
    if test "$argv[1]" = --suspend
        set -e $_envstrap_names $_envstrap_config_vars
        for name in $_envstrap_had
            set -l old _envstrap_old_$name
            set -gx $name $$old
        end
        set -g _envstrap_suspended 1
        return 0
    end
    echo "envstrap: '$_envstrap_active' is not active here: conda activated $CONDA_PREFIX on top of it; run 'conda deactivate' first." >&2
    return 1
end

# Back to what activation left (conda-resume.fish): the same values, from the same folder.
function _envstrap_resume
    set -l _envstrap_p (string replace -ra -- @LOCATE_RE@ $_envstrap_active/@FILENAME@)
@RESUME_VARS@
    set -e @UNSET_VARS@
    for name in $_envstrap_config_vars
        set -l new _envstrap_new_$name
        if set -q $new
            set -gx $name $$new
        else
            set -e $name
        end
    end
end

# deactivate, when PATH is not as activation left it.
function _envstrap_path_changed
    # conda's deactivate takes off all our PATH entries but the last (condabin): hook or not.
    set -l left $_envstrap_added_PATH[-1]
    test -n "$_envstrap_path_before"; and set left "$left:$_envstrap_path_before"
    if test "$PATH" = "$left"
        set -e PATH[1]
        set -q _envstrap_no_path; and set -e PATH
    else
        # PATH was changed while active: take out one occurrence of each entry activation
        # added (the first, wherever it now stands); every other change stays (conda's rule).
        for entry in $_envstrap_added_PATH
            set -l i (contains -i -- $entry $PATH); and set -e PATH[$i]
        end
    end
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
        if contains -- $up $_envstrap_config_vars  # back as before activation
            set -e $up _envstrap_new_$up
            if contains -- $up $_envstrap_had
                set -l old _envstrap_old_$up
                set -gx $up $$old
                set -e $old
                set -g _envstrap_had (string match -v -- $up $_envstrap_had)
            end
            set -g _envstrap_config_vars (string match -v -- $up $_envstrap_config_vars)
        end
        return 0
    end
    if not contains -- $up $_envstrap_config_vars
        if set -q $up
            set -g _envstrap_old_$up $$up
            set -a _envstrap_had $up
        end
        set -g _envstrap_config_vars $up $_envstrap_config_vars
    end
    if test -n "$value"
        set -gx $up $value
        set -g _envstrap_new_$up $value
    else
        set -e $up _envstrap_new_$up
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

