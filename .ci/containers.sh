#!/usr/bin/env bash
# Container engine for the `containers` tox env, on a machine without a Docker daemon or registry
# access: podman + buildah from Debian, a containers.conf this sandbox can run with, and one base
# image per Python version, built once with debootstrap and cached in podman's storage.
#
#   bash .ci/containers.sh          install what is missing, build missing base images
#   source .ci/containers.env       then: CONTAINERS_CONF and STACKPLATE_BASE_IMAGE_<ver>
#
# The base image stands in for the official python:<ver>-slim: Debian bookworm (minbase) with
# the pyenv-built CPython of this machine (built on the same Debian) copied in at its own path
# and linked as python3/python, plus this machine's CA bundle, since package downloads go
# through a TLS-inspecting proxy. Set STACKPLATE_REBUILD_BASE=1 to rebuild the images.
set -euo pipefail
cd "$(dirname "$0")/.."

state=${STACKPLATE_CONTAINERS_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/stackplate/containers}
mirror=${STACKPLATE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
mkdir -p "$state"

export DEBIAN_FRONTEND=noninteractive
missing=()
for package in podman buildah debootstrap; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Without CAP_SYS_RESOURCE, `podman run` cannot raise rlimits past the current ones: pin them.
# crun refuses a hybrid cgroup v1/v2 layout (as here); runc, when installed, runs everywhere.
conf="$state/containers.conf"
runtime=crun
command -v runc >/dev/null 2>&1 && runtime=runc
cat >"$conf" <<EOF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "$runtime"
EOF
export CONTAINERS_CONF="$conf"

# The shared libraries the pyenv interpreters link against (see `ldd lib-dynload/*.so`).
runtime_libraries=ca-certificates,libbz2-1.0,libexpat1,libffi8,liblzma5,libncursesw6,libnsl2
runtime_libraries=$runtime_libraries,libreadline8,libsqlite3-0,libssl3,libtirpc3,libuuid1,zlib1g

rootfs_tar="$state/bookworm-minbase.tar"
build_rootfs() {
  local rootfs="$state/rootfs"
  rm -rf "$rootfs"
  echo "debootstrap: Debian bookworm (minbase) from $mirror"
  debootstrap --variant=minbase --include="$runtime_libraries" bookworm "$rootfs" "$mirror" \
    >"$state/debootstrap.log" 2>&1 || { tail -n 30 "$state/debootstrap.log"; exit 1; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -cf "$rootfs_tar.partial" .
  mv "$rootfs_tar.partial" "$rootfs_tar"
  rm -rf "$rootfs"
}

env_file=.ci/containers.env
{
  echo "# Written by .ci/containers.sh: the container settings of the \`containers\` tox env."
  echo "export CONTAINERS_CONF=$conf"
} >"$env_file"

for minor in 3.12 3.13; do
  version=$(find "$pyenv_root/versions" -mindepth 1 -maxdepth 1 -name "$minor.*" -printf '%f\n' 2>/dev/null \
    | grep -E "^${minor//./\\.}\.[0-9]+$" | sort -V | tail -n 1 || true)
  if [ -z "$version" ]; then
    echo "no pyenv Python $minor: skipping its base image" >&2
    continue
  fi
  image="localhost/stackplate-base:$minor"
  tag_var="STACKPLATE_BASE_IMAGE_${minor//./}"
  echo "export $tag_var=$image" >>"$env_file"
  if podman image exists "$image" && [ "${STACKPLATE_REBUILD_BASE:-0}" != 1 ]; then
    echo "$image: cached"
    continue
  fi
  started=$SECONDS
  [ -f "$rootfs_tar" ] || build_rootfs
  rootfs="$state/rootfs-$minor"
  rm -rf "$rootfs"
  mkdir -p "$rootfs"
  tar -C "$rootfs" -xf "$rootfs_tar"
  # The interpreter at the path it was built for (its prefix is compiled in), minus the test
  # suite and any site-packages but pip; readable by the image's non-root users.
  prefix="$pyenv_root/versions/$version"
  mkdir -p "$rootfs$prefix"
  tar -C "$prefix" -c \
    --exclude="./lib/python$minor/test" --exclude="./lib/python$minor/idlelib" \
    --exclude="./lib/python$minor/tkinter" --exclude="./lib/python$minor/site-packages" \
    --exclude="__pycache__" . | tar -C "$rootfs$prefix" -x
  mkdir -p "$rootfs$prefix/lib/python$minor/site-packages"
  cp -a "$prefix/lib/python$minor/site-packages/"pip* "$rootfs$prefix/lib/python$minor/site-packages/"
  chmod 0755 "$rootfs/root" "$rootfs$pyenv_root" "$rootfs$pyenv_root/versions"
  for name in python3 python "python$minor" pip3 pip; do
    target=$prefix/bin/$name
    [ -e "$target" ] || target=$prefix/bin/${name/pip/pip3}
    ln -sf "$target" "$rootfs/usr/local/bin/$name"
  done
  # This machine's CA bundle (with the proxy's CA) for pip and uv in image builds.
  cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  printf '[global]\ncert = /etc/ssl/certs/ca-certificates.crt\n' >"$rootfs/etc/pip.conf"
  tar -C "$rootfs" -c . | podman import \
    --change 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/bin:/usr/sbin:/bin:/sbin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["python3"]' \
    - "$image" >/dev/null
  rm -rf "$rootfs"
  podman run --rm "$image" python3 -c "import ssl, sqlite3, ctypes, lzma, bz2; print('$image: python', __import__('sys').version.split()[0], 'in', $((SECONDS - started)), 's')"
done
echo "wrote $env_file"
