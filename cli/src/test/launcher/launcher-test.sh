#!/usr/bin/env bash
# The launcher and the distribution, tested the way users meet them (issue 14, items 3 and 7):
#  - a built checkout copied to another path, one with a space in it, and the original out of reach:
#    `dirtyproof variants`, a TLC check and a jcstress check work there, and leave no work folder behind;
#  - the same copy run by another user (when run as root: a user is created), who cannot write the checkout;
#  - a damaged distribution is rebuilt; two launches after a source change build once (the lock);
#  - a failed build, or no java, is exit 3, never 1.
# Usage: launcher-test.sh CHECKOUT [quick]   (CHECKOUT must be built: mvn -B -DskipTests package)
# "quick" skips the parts that rebuild with Maven. Run by `mvn verify` in cli (integration-test phase).
set -uo pipefail

src=$(cd "${1:?usage: launcher-test.sh CHECKOUT [quick]}" && pwd)
quick=${2:-}
failures=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dirtyproof-launcher-test.XXXXXX")
chmod 755 "$tmp"
dst="$tmp/moved copy/dirtyproof"
jtmp="$tmp/java-tmp"
mkdir -p "$jtmp" "$tmp/home"
chmod 1777 "$jtmp"
# the back-ends' fallback work folder (java.io.tmpdir/dirtyproof-USER) goes under $jtmp, to be inspected
export DIRTYPROOF_JAVA_OPTS="-Djava.io.tmpdir=$jtmp"
user=dirtyproof-test

created_user=""
cleanup() {
  rm -rf "$tmp"
  if [[ -n $created_user ]]; then
    userdel "$user" 2>/dev/null
    rm -rf "/tmp/hsperfdata_$user"
  fi
}
trap cleanup EXIT

pass() { echo "PASS: $*"; }
failed() { echo "FAIL: $*"; failures=$((failures + 1)); }
# expect CODE DESCRIPTION COMMAND...: runs the command, output in $tmp/out and $tmp/err
expect() {
  local want=$1 what=$2
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [[ $got == "$want" ]]; then
    pass "$what (exit $got)"
  else
    failed "$what: exit $got, expected $want"
    sed 's/^/    out: /' "$tmp/out" | tail -n 15
    sed 's/^/    err: /' "$tmp/err" | tail -n 15
  fi
}
contains() {
  if grep -q -- "$2" "$1"; then pass "$3"; else failed "$3: '$2' not in $1"; sed 's/^/    /' "$1" | tail -n 15; fi
}
lacks() {
  if grep -q -- "$2" "$1"; then failed "$3: '$2' in $1"; sed 's/^/    /' "$1" | tail -n 15; else pass "$3"; fi
}
no_stray_work() {
  local left d stray=""
  # run folders: java.io.tmpdir/dirtyproof-USER/work/TOOL/RUN, or the checkout's target/dirtyproof-work/TOOL/RUN;
  # one the output names (Lincheck's report of a lost write, an inconclusive run's files) is kept on purpose
  left=$( (find "$jtmp" -mindepth 4 -maxdepth 4 -type d; find "$dst/target/dirtyproof-work" -mindepth 2 -maxdepth 2 \
      -type d) 2>/dev/null)
  for d in $left; do
    if grep -qF -- "$d" "$tmp/out" "$tmp/err"; then
      rm -rf "$d"
    else
      stray="$stray $d"
    fi
  done
  if [[ -z "$stray" ]]; then pass "no work folder left behind ($1)"; else failed "work folders left behind ($1):$stray"; fi
}
no_stray_process() {
  if pgrep -f -- "$tmp" >/dev/null; then
    failed "processes left behind ($1): $(pgrep -af -- "$tmp")"
  else
    pass "no process left behind ($1)"
  fi
}

[[ -f "$src/cli/target/dist/dirtyproof.jar" && -f "$src/stress-tests/target/jcstress.jar" ]] \
    || { echo "FAIL: $src is not built (cli/target/dist/dirtyproof.jar, stress-tests/target/jcstress.jar)"; exit 1; }

# --- a moved copy: times kept (cp -a), the original's path nowhere in it -------------------------------
mkdir -p "$dst"
(cd "$src" && tar --exclude=./.git --exclude=./target -cf - .) | (cd "$dst" && tar -xpf -)
if grep -rqF -- "$src" "$dst/cli/target/dist/classpath.txt" \
    || unzip -p "$dst/cli/target/dist/dirtyproof.jar" META-INF/MANIFEST.MF | tr -d '\r\n ' | grep -qF -- "$src"; then
  failed "the distribution names the original checkout's path"
else
  pass "the distribution's class path is relative"
fi
if grep -q "/.m2/" "$dst/cli/target/dist/classpath.txt"; then failed "the class path names a Maven repository"; fi

expect 0 "moved copy: dirtyproof variants" "$dst/dirtyproof" variants
contains "$tmp/out" "kernel-today" "the catalog is listed"
lacks "$tmp/err" "building" "no rebuild in a complete copy"

expect 0 "moved copy (a space in its path): TLC finds no-flush's lost write" \
    "$dst/dirtyproof" check "$dst/variants/get-log/no-flush.yaml" --backend tlc --timeout 300
contains "$tmp/out" "lost write: page" "the counterexample is printed"
no_stray_work "TLC"

expect 0 "moved copy (a space in its path): jcstress checks kernel-today" \
    "$dst/dirtyproof" check "$dst/variants/get-log/kernel-today.yaml" --backend jcstress --timeout 300
contains "$tmp/out" "jcstress  SAFE" "jcstress ran (not inconclusive for the space)"
no_stray_work "jcstress"

expect 0 "moved copy: Lincheck finds no-flush's lost write" \
    "$dst/dirtyproof" check "$dst/variants/get-log/no-flush.yaml" --backend lincheck --timeout 300
no_stray_work "Lincheck"
no_stray_process "after the checks"

# --- another user: cannot write the checkout, has no Maven repository ---------------------------------
if [[ $(id -u) == 0 ]] && command -v runuser >/dev/null && command -v useradd >/dev/null; then
  if ! id "$user" >/dev/null 2>&1; then
    useradd --no-create-home --home-dir /nonexistent --shell /bin/bash "$user" && created_user=$user
  fi
  as_user() { runuser -u "$user" -- env HOME="$tmp/home" DIRTYPROOF_JAVA_OPTS="$DIRTYPROOF_JAVA_OPTS" PATH="$PATH" "$@"; }
  chmod 777 "$tmp/home"
  expect 0 "another user: dirtyproof variants" as_user "$dst/dirtyproof" variants
  contains "$tmp/out" "kernel-today" "the catalog is listed for another user"
  expect 0 "another user: TLC finds no-flush's lost write" \
      as_user "$dst/dirtyproof" check "$dst/variants/get-log/no-flush.yaml" --backend tlc --timeout 300
  no_stray_work "another user's TLC"
  # a build the other user cannot repair: a plain message and exit 3
  mv "$dst/cli/target/dist/lib/picocli-"*.jar "$tmp/"
  expect 3 "another user, damaged build: exit 3" as_user "$dst/dirtyproof" variants
  contains "$tmp/err" "you cannot write there to rebuild it" "the reason is said"
  mv "$tmp/picocli-"*.jar "$dst/cli/target/dist/lib/"
else
  echo "SKIP: another user (needs root, runuser and useradd)"
fi

# --- no java: exit 3 ---------------------------------------------------------------------------------
mkdir -p "$tmp/bin"
ln -sf "$(command -v dirname)" "$(command -v readlink)" "$(command -v find)" "$(command -v sed)" "$tmp/bin/"
expect 3 "no java on the PATH: exit 3" env PATH="$tmp/bin" "$BASH" "$dst/dirtyproof" variants
contains "$tmp/err" "no java on the PATH" "the reason is said"

if [[ $quick != quick ]]; then
  # --- a damaged distribution is rebuilt -------------------------------------------------------------
  rm "$dst/cli/target/dist/lib/picocli-"*.jar
  expect 0 "a missing jar: rebuilt, then run" "$dst/dirtyproof" variants
  contains "$tmp/err" "building (.*picocli.* is missing" "the rebuild says why"
  contains "$tmp/out" "kernel-today" "the rebuilt copy lists the catalog"

  # --- two launches after a source change: one build, the other waits ---------------------------------
  touch "$dst/impl/src/main/java/dirtyproof/variant/Variant.java"
  "$dst/dirtyproof" variants >"$tmp/out1" 2>"$tmp/err1" &
  p1=$!
  sleep 0.3
  "$dst/dirtyproof" variants >"$tmp/out2" 2>"$tmp/err2" &
  p2=$!
  wait $p1; r1=$?
  wait $p2; r2=$?
  if [[ $r1 == 0 && $r2 == 0 ]]; then pass "two concurrent launches after a change both work"; else
    failed "concurrent launches: exit $r1 and $r2"; cat "$tmp/err1" "$tmp/err2" | sed 's/^/    /'; fi
  builds=$(cat "$tmp/err1" "$tmp/err2" | grep -c "dirtyproof: building")
  if [[ $builds == 1 ]]; then pass "one build for two launches"; else failed "$builds builds for two launches"; fi
  cat "$tmp/err1" "$tmp/err2" | grep -q "waiting for another build" && pass "the second launch waited" \
      || failed "the second launch did not wait for the first's build"

  # --- a failed build is exit 3, never 1 -----------------------------------------------------------------
  echo "this is not java" >>"$dst/impl/src/main/java/dirtyproof/variant/Variant.java"
  expect 3 "a failed build: exit 3" "$dst/dirtyproof" variants
  contains "$tmp/err" "the build failed" "the failure is said"
else
  echo "SKIP: rebuilds (quick)"
fi

no_stray_process "at the end"
if [[ $failures == 0 ]]; then
  echo "launcher-test: all passed"
  exit 0
fi
echo "launcher-test: $failures failed"
exit 1
