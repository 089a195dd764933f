#!/usr/bin/env bash
# Package-consumer test: packs the spec library, the runtime and the generator, builds a project outside the repository that
# references only those packages, runs it, then checks that a wrong value in a spec fails that build with the
# diagnostic at the YAML line. (Inside the repository the generator is consumed through a ProjectReference.)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
# A fresh version each time: NuGet caches a package by id and version, so a reused one would test a stale build.
version="0.0.0-ci.$(date +%s)"
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
cleanup() {
    rm -rf "$work" "$packages/isdadsl.spec/$version" "$packages/isdadsl.runtime/$version" "$packages/isdadsl.generator/$version"
}
trap cleanup EXIT

echo "package consumer: packing IsdaDsl.Spec, IsdaDsl.Runtime and IsdaDsl.Generator $version"
for project in spec/IsdaDsl.Spec.csproj runtime/IsdaDsl.Runtime.csproj generator/IsdaDsl.Generator.csproj; do
    dotnet pack "$repo/$project" -c Release -o "$work/feed" -p:Version="$version" --verbosity quiet --nologo
done

cp -r "$repo/tests/PackageConsumer/consumer" "$work/consumer"
cat > "$work/consumer/nuget.config" <<XML
<configuration>
  <packageSources>
    <add key="isdadsl-local" value="$work/feed" />
  </packageSources>
</configuration>
XML
cd "$work/consumer"

dotnet build -c Release -p:IsdaDslVersion="$version" --verbosity quiet --nologo
output="$(dotnet bin/Release/net10.0/Consumer.dll)"
echo "$output"
grep -qx "experiments: demo" <<<"$output"
grep -qx "demo: depth 20, epochs 3, lambda0 0.25" <<<"$output"

# The package's props keeps incremental builds honest: a spec added with an old timestamp (as cp -p leaves it), then
# deleted, reaches the next build without a clean.
build_lists() {
    dotnet build -c Release -p:IsdaDslVersion="$version" --verbosity quiet --nologo
    if ! grep -qx "experiments: $1" <<<"$(dotnet bin/Release/net10.0/Consumer.dll)"; then
        echo "package consumer: after $2 the build does not list 'experiments: $1' (stale)" >&2
        exit 1
    fi
}
sed 's/^name: demo$/name: extra/' specs/demo.yaml > specs/extra.yaml
touch -r specs/demo.yaml specs/extra.yaml
build_lists "demo, extra" "adding specs/extra.yaml with an old timestamp"
rm specs/extra.yaml
build_lists "demo" "deleting specs/extra.yaml"

# A wrong value must fail the build with ID, file, line and column.
sed -i 's/epochs: 3/epochs: 0/' specs/demo.yaml
if log="$(dotnet build -c Release -p:IsdaDslVersion="$version" --verbosity quiet --nologo 2>&1)"; then
    echo "package consumer: the build succeeded with 'epochs: 0' in specs/demo.yaml" >&2
    exit 1
fi
if ! grep -q "specs/demo.yaml(4,21): error ISDA004: training.epochs must be ≥ 1, got 0" <<<"$log"; then
    echo "package consumer: expected ISDA004 at specs/demo.yaml(4,21); the build said:" >&2
    echo "$log" >&2
    exit 1
fi
echo "package consumer: OK (generated code from the package, ISDA004 at specs/demo.yaml(4,21))"
