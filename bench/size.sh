#!/usr/bin/env bash
# Where the binary's bytes go: publishes linux-x64 with the NativeAOT compiler's map file and prints the native code
# per assembly (generic instantiations count for the assembly that defines the generic), the compiler's other
# sections, and the ELF sections of the binary itself.
#
#   bash bench/size.sh            # about 3 minutes (one AOT publish); the next ordinary publish recompiles
#
# The size target (issue 2) is about the whole file; this says which parts a cut could come from.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d /tmp/nodeagent-size.XXXXXX)
trap 'rm -rf "$out"' EXIT
dotnet publish src/NodeAgent -c Release -r linux-x64 -o "$out" -p:IlcGenerateMapFile=true -nologo -v quiet >"$out/publish.log" 2>&1 \
  || { cat "$out/publish.log"; exit 1; }
native=artifacts/obj/NodeAgent/release_linux-x64/native
python3 - "$native/nodeagent.map.xml" "$native/nodeagent.ilc.rsp" "$out/nodeagent" <<'EOF'
import collections, os, re, subprocess, sys

map_file, rsp, binary = sys.argv[1:4]
# Assembly names as the compiler mangles them (dots to underscores), longest first so that
# System_Text_Json wins over System_Text; CoreLib is spelled S_P_CoreLib.
names = set()
for line in open(rsp):
    line = line.strip()
    if line.endswith(".dll"):
        names.add(os.path.basename(line.removeprefix("-r:"))[:-4].replace(".", "_"))
names.add("S_P_CoreLib")
prefixes = sorted(names, key=len, reverse=True)

node = re.compile(r'<(\w+) Name="([^"]*)" Length="(\d+)"')
kinds = collections.Counter()
code = collections.Counter()
for line in open(map_file):
    m = node.search(line)
    if not m:
        continue
    kind, name, length = m.group(1), m.group(2), int(m.group(3))
    kinds[kind] += length
    if kind != "MethodCode":
        continue
    name = re.sub(r"^(_ZTV\d+|<Boxed>|&lt;Boxed&gt;|Boxed_)", "", name)
    owner = next((p for p in prefixes if name.startswith(p + "_")), "(runtime and compiler helpers)")
    code[owner] += length

total = os.path.getsize(binary)
print(f"binary linux-x64: {total / 2**20:.2f} MiB ({total} bytes)\n")
all_code = sum(code.values())
print(f"{'native code by assembly':<52} {'KiB':>8} {'share':>7}")
for owner, length in code.most_common(25):
    print(f"{owner:<52} {length / 1024:8.0f} {100 * length / all_code:6.1f}%")
rest = all_code - sum(v for _, v in code.most_common(25))
print(f"{'(the other assemblies)':<52} {rest / 1024:8.0f} {100 * rest / all_code:6.1f}%")
print(f"{'all native code':<52} {all_code / 1024:8.0f}\n")

print(f"{'compiler output by kind (type data before dehydration)':<52} {'KiB':>8}")
for kind, length in kinds.most_common(12):
    print(f"{kind:<52} {length / 1024:8.0f}")

print(f"\n{'ELF sections in the file':<52} {'KiB':>8} {'share':>7}")
sections = []
for line in subprocess.run(["readelf", "-SW", binary], capture_output=True, text=True, check=True).stdout.splitlines():
    m = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s+(\S+)\s+\S+\s+\S+\s+([0-9a-f]+)", line)
    if m and m.group(2) != "NOBITS":  # .bss and .hydrated take memory at run time, no bytes in the file
        sections.append((m.group(1), int(m.group(3), 16)))
for name, length in sorted(sections, key=lambda s: -s[1])[:10]:
    print(f"{name:<52} {length / 1024:8.0f} {100 * length / total:6.1f}%")
EOF
