# Finds a JDK whose feature version is at least $TOCIN_MIN_JAVA (default 25).
# Shared by ./mvnw (to fail early with one clear sentence) and ./tocin (to run the CLI).
# POSIX sh: sourced by both. Order: JAVA_HOME, the usual install folders, then PATH.

TOCIN_MIN_JAVA="${TOCIN_MIN_JAVA:-25}"

# Prints the feature version of the JDK at $1 (e.g. 25), or nothing.
tocin_jdk_feature() {
  [ -x "$1/bin/java" ] || return 1
  if [ -r "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release")
  else
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  v=${v#1.}
  printf '%s\n' "${v%%[!0-9]*}"
}

tocin_is_jdk() {
  f=$(tocin_jdk_feature "$1") || return 1
  [ -n "$f" ] && [ "$f" -ge "$TOCIN_MIN_JAVA" ] && [ -x "$1/bin/javac" ]
}

# Prints the home of the first JDK >= $TOCIN_MIN_JAVA, or returns 1.
tocin_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && tocin_is_jdk "$JAVA_HOME"; then
    printf '%s\n' "$JAVA_HOME"; return 0
  fi
  # The caller may run with globbing off (mvnw uses set -f).
  case $- in *f*) tocin_noglob=1; set +f ;; *) tocin_noglob=0 ;; esac
  found=""
  for d in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /opt/*jdk* \
           "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* "$HOME"/.local/share/mise/installs/java/* \
           /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    if [ -d "$d" ] && tocin_is_jdk "$d"; then found="$d"; break; fi
  done
  [ "$tocin_noglob" = 1 ] && set -f
  if [ -n "$found" ]; then printf '%s\n' "$found"; return 0; fi
  j=$(command -v java 2>/dev/null) || return 1
  j=$(readlink -f "$j" 2>/dev/null || printf '%s' "$j")
  d=$(dirname "$(dirname "$j")")
  if tocin_is_jdk "$d"; then printf '%s\n' "$d"; return 0; fi
  return 1
}

tocin_no_jdk_message() {
  echo "Tocin needs a JDK $TOCIN_MIN_JAVA or newer (any vendor, e.g. Temurin $TOCIN_MIN_JAVA): install one (under /usr/lib/jvm, or anywhere with JAVA_HOME pointing at it) and run this again." >&2
}
