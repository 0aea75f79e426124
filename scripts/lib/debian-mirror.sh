# Sourced by the setup scripts: the Debian archive this machine's apt already uses, read from
# its own sources (deb822 *.sources files first, then one-line sources.list files), so the
# scripts never name a mirror of their own.
#   debian_mirror            the main archive's URI (the one that carries "bookworm")
#   debian_security_mirror   the security archive's URI (the one that carries "bookworm-security")
# CW_DEBIAN_MIRROR / CW_DEBIAN_SECURITY_MIRROR override them.

# Prints "URI SUITE" for every enabled deb source this machine's apt reads.
_apt_uri_suites() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # deb822: stanzas separated by blank lines; keep Types: deb stanzas that are not disabled.
    awk '
      function flush() { if (types ~ /(^| )deb( |$)/ && enabled != "no") for (i in uris) for (j in suites) print uris[i], suites[j]; delete uris; delete suites; types = ""; enabled = "" }
      /^[[:space:]]*#/ { next }
      /^[[:space:]]*$/ { flush(); next }
      tolower($1) == "types:" { types = substr($0, index($0, ":") + 1) }
      tolower($1) == "enabled:" { enabled = tolower($2) }
      tolower($1) == "uris:" { for (k = 2; k <= NF; k++) uris[k] = $k }
      tolower($1) == "suites:" { for (k = 2; k <= NF; k++) suites[k] = $k }
      END { flush() }
    ' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    # deb [options] URI SUITE COMPONENT...
    awk '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ } print $i, $(i + 1) }' "$f"
  done
}

_mirror_for_suite() { # $1 = suite
  _apt_uri_suites | awk -v s="$1" '$2 == s { sub(/\/+$/, "", $1); print $1; exit }'
}

debian_mirror() {
  if [ -n "${CW_DEBIAN_MIRROR:-}" ]; then echo "$CW_DEBIAN_MIRROR"; return; fi
  local m; m=$(_mirror_for_suite bookworm)
  [ -n "$m" ] || { echo "no Debian bookworm archive in this machine's apt sources; set CW_DEBIAN_MIRROR" >&2; return 1; }
  echo "$m"
}

debian_security_mirror() {
  if [ -n "${CW_DEBIAN_SECURITY_MIRROR:-}" ]; then echo "$CW_DEBIAN_SECURITY_MIRROR"; return; fi
  local m; m=$(_mirror_for_suite bookworm-security)
  # Some machines have no security source; the main archive's sibling is the usual layout.
  [ -n "$m" ] || m="$(debian_mirror)-security"
  echo "$m"
}
