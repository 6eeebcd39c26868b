#!/bin/sh
# Runs the m2m-dm conformance suite against an external LwM2M client.
# Arguments go to org.m2mdm.conformance.ConformanceMain; `tests/conformance.sh --help` lists them.
# Needs a build first: mvn -B install -DskipTests (from the repository root).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build="${M2MDM_BUILD:-target}"   # the pom's m2mdm.build property, if the build used another directory
classes="$here/$build/classes"
cpfile="$here/$build/conformance.classpath"
if [ ! -d "$classes/org/m2mdm/conformance" ]; then
  echo "error: $classes is missing; build first: (cd $here/.. && mvn -B install -DskipTests)" >&2
  exit 2
fi
if [ ! -s "$cpfile" ] || [ "$here/pom.xml" -nt "$cpfile" ]; then
  (cd "$here/.." && mvn -B -q -pl tests dependency:build-classpath -Dm2mdm.build="$build" -DincludeScope=runtime \
      -Dmdep.outputFile="$cpfile") >&2
fi
exec java -cp "$classes:$(cat "$cpfile")" org.m2mdm.conformance.ConformanceMain "$@"
