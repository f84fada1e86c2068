#!/usr/bin/env bash
# Builds dist/feat-<version>-linux-<arch>.tar.gz and its .sha256: one binary that needs only
# the C runtime. The Swift standard library and Foundation are linked statically
# (--static-swift-stdlib), and so are libgit2 (built here from Debian's own 1.5.1 source,
# without network transports: feat reads local repositories only), libyaml, pcre2,
# http-parser, zlib and jemalloc (the allocator, in place of the C library's; source builds
# keep the C library's). Beside the binary: README, LICENSE, NOTICE, the notices of every
# library linked in (licenses/), the reference (docs/ and what it links to), the manual page
# and shell completions. Then it checks the result: ldd lists only the C runtime, jemalloc is
# the allocator, `feat demo` runs under `env -i`, the archive holds all of the above, and
# mandoc finds no fault in the manual page.
#
#   scripts/release.sh [VERSION]      # default: the version in Sources/FeatReport/Version.swift
#
# Needs root for apt-get (cmake, mandoc, the libgit2 source package). Work files go to .build-release/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

version_file=Sources/FeatReport/Version.swift
current=$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' "$version_file")
version=${1:-$current}
if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]]; then
    echo "release.sh: '$version' is not a version (1.2.3)" >&2; exit 2
fi
if [ "$version" != "$current" ]; then
    # Stamp the one version constant: feat --version, the CI templates' cache key.
    sed -i "s/static let current = \".*\"/static let current = \"$version\"/" "$version_file"
    echo "stamped $version_file: $current → $version"
fi
arch=$(uname -m)
work="$root/.build-release"
static="$work/static"        # only .a files: the linker must not find a .so first
pc="$work/pkgconfig"
mkdir -p "$work" "$static" "$pc" dist

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
# A fresh machine has no package lists: apt-get update once, when an install finds nothing.
apt_install() { as_root apt-get install -y "$@" || { as_root apt-get update && as_root apt-get install -y "$@"; }; }
export DEBIAN_FRONTEND=noninteractive

# 1. libgit2 1.5.1 from Debian's source package, static, no HTTPS/SSH/GSSAPI.
if [ ! -f "$static/libgit2.a" ]; then
    command -v cmake >/dev/null || apt_install cmake
    apt_install libgit2-dev libyaml-dev libpcre2-dev libhttp-parser-dev zlib1g-dev libjemalloc-dev
    src="$work/libgit2-src"
    if [ ! -d "$src" ]; then
        if ! ls "$work"/libgit2_1.5.1*.orig.tar.* >/dev/null 2>&1; then
            list=/etc/apt/sources.list.d/feat-release-src.sources
            if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ 2>/dev/null; then
                printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
                    | as_root tee "$list" >/dev/null
                as_root apt-get update
            fi
            (cd "$work" && apt-get source --download-only libgit2)
        fi
        mkdir -p "$src"
        tar -xf "$work"/libgit2_1.5.1*.orig.tar.* -C "$src" --strip-components=1
    fi
    cmake -S "$src" -B "$work/libgit2-build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
        -DBUILD_TESTS=OFF -DBUILD_CLI=OFF -DUSE_HTTPS=OFF -DUSE_SSH=OFF -DUSE_GSSAPI=OFF \
        -DUSE_NTLMCLIENT=OFF -DREGEX_BACKEND=pcre2 -DUSE_HTTP_PARSER=system \
        -DCMAKE_POSITION_INDEPENDENT_CODE=ON >/dev/null
    cmake --build "$work/libgit2-build" -j"$(nproc)" >/dev/null
    cp "$work/libgit2-build/libgit2.a" "$static/"
    mkdir -p "$work/include"
    cp -r "$src/include/." "$work/include/"
fi
lib=/usr/lib/$(gcc -print-multiarch)
dpkg -s libjemalloc-dev >/dev/null 2>&1 || apt_install libjemalloc-dev
command -v mandoc >/dev/null || apt_install mandoc
for a in libyaml.a libpcre2-8.a libhttp_parser.a libz.a; do cp "$lib/$a" "$static/"; done
# jemalloc is the release's allocator; source builds keep the C library's. It must replace
# malloc for the C library and libstdc++ too, so its malloc and free must be exported; Swift's
# static link hides every symbol that comes from an archive (--exclude-libs ALL). So its
# position-independent archive becomes one object, linked as such (step 3).
ld -r --whole-archive "$lib/libjemalloc_pic.a" -o "$static/jemalloc.o"

# 2. pkg-config files that point SwiftPM's system-library targets at the static archives.
cat > "$pc/libgit2.pc" <<PC
Name: libgit2
Description: libgit2, static, local repositories only
Version: 1.5.1
Cflags: -I$work/include
Libs: -L$static -lgit2 -lpcre2-8 -lhttp_parser -lz -lrt -lpthread
PC
cat > "$pc/yaml-0.1.pc" <<PC
Name: LibYAML
Description: libyaml, static
Version: 0.2.5
Cflags: -I/usr/include
Libs: -L$static -lyaml
PC

# 3. The binary, built once. The manual page is generated from it by swift-argument-parser's
# generate-manual, built in the same place with the same flags, so only that tool and its
# ArgumentParserToolInfo compile. jemalloc's object needs libstdc++, libm, libdl and
# libpthread, which the static Swift standard library links anyway (static-stdlib-args.lnk).
build=(swift build -c release --static-swift-stdlib --scratch-path "$work/swift" -Xlinker "$static/jemalloc.o")
PKG_CONFIG_PATH="$pc" "${build[@]}" --product feat
PKG_CONFIG_PATH="$pc" "${build[@]}" --product generate-manual
binary="$work/swift/release/feat"
name="feat-$version-linux-$arch"
rm -rf "$work/$name" && mkdir -p "$work/$name"
cp "$binary" "$work/$name/feat"
strip "$work/$name/feat"
# The README and every local file it or the reference links to; the licence and the notices
# of everything linked into the binary (licenses/README.md lists them).
cp README.md CONTRIBUTING.md LICENSE NOTICE "$work/$name/"
cp -r licenses docs schemas templates "$work/$name/"
mkdir -p "$work/$name/bench" && cp bench/README.md "$work/$name/bench/"
# generate-manual keeps only ASCII characters (an em dash would vanish), so it reads the
# binary's help through iconv; its mdoc is then tidied for `mandoc -T lint` (step 4): a
# blank line becomes .Pp, none stands before a list item, a sentence starts a line.
mkdir -p "$work/ascii" "$work/man"
printf '#!/bin/sh\n"%s" "$@" | LC_ALL=C.UTF-8 iconv -f UTF-8 -t ASCII//TRANSLIT\n' "$work/$name/feat" > "$work/ascii/feat"
chmod +x "$work/ascii/feat"
rm -f "$work"/man/*.1
"$work/swift/release/generate-manual" "$work/ascii/feat" --output-directory "$work/man"
mkdir -p "$work/$name/man" "$work/$name/completions"
for page in "$work"/man/*.1; do
    awk '{
        line = $0
        if (line ~ /^[ \t]*$/) line = ".Pp"
        if (pending && line !~ /^\.(It|El|Pp|Sh|Ss)([ \t]|$)/) print ".Pp"
        pending = 0
        if (line == ".Pp") { pending = 1; next }
        if (line !~ /^[.\047]/) {
            while (match(line, /[[:alnum:]][[:alnum:]][.!?] +[[:upper:]]/)) {
                print substr(line, 1, RSTART + 2)
                line = substr(line, RSTART + 3)
                sub(/^ +/, "", line)
            }
        }
        print line
    } END { if (pending) print ".Pp" }' "$page" > "$work/$name/man/$(basename "$page")"
done
for shell in bash zsh fish; do
    "$work/$name/feat" --generate-completion-script "$shell" > "$work/$name/completions/feat.$shell"
done

# 4. Checks: only the C runtime, the right version, and a demo in an empty environment.
unexpected=$(ldd "$work/$name/feat" | grep -vE 'linux-vdso|libc\.so|libm\.so|libstdc\+\+\.so|libgcc_s\.so|ld-linux|libpthread\.so|libdl\.so|librt\.so' || true)
if [ -n "$unexpected" ]; then echo "release.sh: unexpected shared libraries:" >&2; echo "$unexpected" >&2; exit 1; fi
# jemalloc, not the C library's malloc, for everyone: the binary must export its malloc and
# free (the C library and libstdc++ bind to them), and the dynamic linker must bind them so.
exported=$(nm -D --defined-only "$work/$name/feat" | awk '{print $NF}' | grep -cxE 'malloc|free|calloc|realloc' || true)
[ "$exported" = 4 ] || { echo "release.sh: the binary does not export jemalloc's malloc, free, calloc and realloc" >&2; exit 1; }
bindings=$(LD_DEBUG=bindings "$work/$name/feat" --version 2>&1 >/dev/null | grep "normal symbol \`malloc'" || true)
if [ -z "$bindings" ] || grep -q "to [^ ]*libc\.so" <<<"$bindings"; then
    echo "release.sh: malloc is not bound to jemalloc everywhere:" >&2; echo "$bindings" >&2; exit 1
fi
reported=$("$work/$name/feat" --version)
[ "$reported" = "$version" ] || { echo "release.sh: feat --version says $reported, not $version" >&2; exit 1; }
demo=$(mktemp -d)
env -i PATH=/usr/bin:/bin HOME="$demo" "$work/$name/feat" demo "$demo/repo" > /dev/null
rm -rf "$demo"
# What the archive carries: the licence, the notices of everything linked (licenses/README.md
# lists each file, and every file is listed), the reference the README links to (every local
# link in its Markdown resolves inside the archive), and a manual page mandoc finds no fault in.
missing() { echo "release.sh: the archive lacks $1" >&2; exit 1; }
for f in feat README.md LICENSE NOTICE licenses/README.md docs man/feat.1 completions/feat.bash; do
    [ -e "$work/$name/$f" ] || missing "$f"
done
for f in "$work/$name"/licenses/*; do
    n=$(basename "$f")
    [ "$n" = README.md ] || grep -qF "]($n)" "$work/$name/licenses/README.md" \
        || { echo "release.sh: licenses/$n is not listed in licenses/README.md" >&2; exit 1; }
done
while IFS= read -r md; do
    while IFS= read -r target; do
        path=$(realpath -m --relative-to="$work/$name" "$(dirname "$md")/${target%%#*}")
        [ -e "$work/$name/$path" ] || missing "$path, which ${md#"$work/$name/"} links to"
    done < <(grep -oE '\]\([^) ]+\)' "$md" | sed -E 's/^\]\(//; s/\)$//' | grep -vE '^([a-z]+:|#)' || true)
done < <(find "$work/$name" -name '*.md')
mandoc -T lint -W warning "$work/$name"/man/*.1 || { echo "release.sh: mandoc finds faults in the manual page" >&2; exit 1; }

# 5. The archive and its checksum.
tar -C "$work" -czf "dist/$name.tar.gz" "$name"
(cd dist && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
size=$(stat -c %s "$work/$name/feat")
echo "dist/$name.tar.gz ($(stat -c %s "dist/$name.tar.gz") bytes; binary $size bytes)"
cat "dist/$name.tar.gz.sha256"
