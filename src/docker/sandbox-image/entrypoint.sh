#!/bin/sh
# Starts the sandbox's own dockerd. Without --privileged, Docker mounts /sys and the cgroup
# hierarchies read-only: the inner daemon must write there to create its containers' cgroups.
set -eu
mount -o remount,rw /sys 2>/dev/null || true
# Each hierarchy is a read-only bind of a read-write cgroup mount: a bind remount lifts it.
for hierarchy in /sys/fs/cgroup /sys/fs/cgroup/*; do
  if [ -d "$hierarchy" ] && [ ! -L "$hierarchy" ]; then
    mount -o remount,bind,rw "$hierarchy" 2>/dev/null || mount -o remount,rw "$hierarchy"
  fi
done
mkdir -p /run/aol-sandbox
# One socket for use inside, one in the directory the host binds, for grading from outside.
exec dockerd --host unix:///var/run/docker.sock --host unix:///run/aol-sandbox/docker.sock \
  --storage-driver overlay2 --log-level warn "$@"
