#!/usr/bin/env bash
# Builds the local Docker image sciloop-postgres:15-pgvector (PostgreSQL 15 from Debian bookworm's packages, with
# the pgvector extension built from Debian's source package, which bookworm lacks as a binary) that the stores'
# tests start through Testcontainers. No image registry is reachable here, so the base image
# sciloop-debian:bookworm is made with debootstrap from the Debian mirror this machine's apt already uses.
# Both images are kept and reused: a second run does nothing. Needs root, a running dockerd and debootstrap.
#   bash .ci/postgres-image.sh
# The image's entrypoint initialises a cluster and runs postgres on 127.0.0.1:$PGPORT (default 5432; run it
# with --network host), with $POSTGRES_USER (default postgres), $POSTGRES_PASSWORD (required) and
# $POSTGRES_DB (default the user's name). Like the official image it logs "database system is ready to accept
# connections" twice: once for the server that creates the database, once for the one that serves.
# Measured on a 2-core machine: 1.7 to 2.3 min from nothing (about 65 s of it the PostgreSQL image on the
# cached base, before pgvector was added); 0.1 s once built.
set -euo pipefail
BASE=sciloop-debian:bookworm
IMAGE=sciloop-postgres:15-pgvector
start=$SECONDS
docker info >/dev/null 2>&1 || { echo "postgres-image: no Docker engine (start dockerd first)" >&2; exit 1; }
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
    echo "postgres-image: $IMAGE already built"
    exit 0
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The host's own Debian mirrors (deb822 or one-line sources), for debootstrap and for apt inside the build.
mirror() {
    { grep -hoE "^URIs: *\S+/$1\$" /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}'
      grep -hoE "^deb +\S+/$1 " /etc/apt/sources.list 2>/dev/null | awk '{print $2}'; } | head -1 || true
}
MIRROR=$(mirror debian)
SECURITY=$(mirror debian-security)
[[ -n $MIRROR ]] || { echo "postgres-image: no Debian mirror in /etc/apt" >&2; exit 1; }

if ! docker image inspect "$BASE" >/dev/null 2>&1; then
    echo "postgres-image: debootstrap bookworm from $MIRROR"
    debootstrap --variant=minbase bookworm "$WORK/rootfs" "$MIRROR" >"$WORK/debootstrap.log" \
        || { tail -20 "$WORK/debootstrap.log" >&2; exit 1; }
    {
        echo "deb $MIRROR bookworm main"
        echo "deb $MIRROR bookworm-updates main"
        [[ -z $SECURITY ]] || echo "deb $SECURITY bookworm-security main"
    } >"$WORK/rootfs/etc/apt/sources.list"
    rm -rf "$WORK"/rootfs/var/cache/apt/archives/*.deb "$WORK"/rootfs/var/lib/apt/lists/*
    tar -C "$WORK/rootfs" -c . | docker import - "$BASE" >/dev/null
    rm -rf "$WORK/rootfs"
fi

mkdir -p "$WORK/context"
cat >"$WORK/context/entrypoint.sh" <<'EOF'
#!/bin/sh
set -eu
export PGPORT="${PGPORT:-5432}" PGDATA=/var/lib/postgresql/data
USER_NAME="${POSTGRES_USER:-postgres}"
DB="${POSTGRES_DB:-$USER_NAME}"
: "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
BIN=/usr/lib/postgresql/15/bin
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    printf '%s' "$POSTGRES_PASSWORD" >/tmp/pw
    # socket connections trusted (inside the container only), TCP ones by password
    "$BIN/initdb" -D "$PGDATA" -U "$USER_NAME" --pwfile=/tmp/pw -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    rm /tmp/pw
    # a first server, on the socket only, creates the database
    "$BIN/pg_ctl" -D "$PGDATA" -o "-c listen_addresses=''" -w start
    [ "$DB" = postgres ] || "$BIN/createdb" -U "$USER_NAME" "$DB"
    "$BIN/pg_ctl" -D "$PGDATA" -m fast -w stop
fi
exec "$BIN/postgres" -D "$PGDATA" -c listen_addresses=127.0.0.1
EOF
cat >"$WORK/context/Dockerfile" <<'EOF'
FROM sciloop-debian:bookworm
# the Debian mirror, for pgvector's source package (trixie's, built here against PostgreSQL 15)
ARG MIRROR
# postgresql-common first, so that installing postgresql-15 creates no cluster of its own
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-common >/dev/null \
 && sed -ri 's/^#? *create_main_cluster .*/create_main_cluster = false/' /etc/postgresql-common/createcluster.conf \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-server-dev-15 \
        build-essential dpkg-dev >/dev/null \
 && echo "deb-src $MIRROR trixie main" >/etc/apt/sources.list.d/trixie-src.list \
 && apt-get update -qq && cd /tmp && apt-get source -qq pgvector >/dev/null 2>&1 \
 && make -C /tmp/pgvector-*/ PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config OPTFLAGS="" with_llvm=no >/dev/null \
 && make -C /tmp/pgvector-*/ install PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config with_llvm=no >/dev/null \
 && rm -rf /tmp/pgvector* /etc/apt/sources.list.d/trixie-src.list \
 && DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq --auto-remove postgresql-server-dev-15 build-essential \
        dpkg-dev >/dev/null \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb \
 && test -f /usr/share/postgresql/15/extension/vector.control \
 && install -d -o postgres -g postgres /var/lib/postgresql/data /var/run/postgresql
COPY entrypoint.sh /usr/local/bin/entrypoint.sh
USER postgres
ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
EOF
chmod 755 "$WORK/context/entrypoint.sh"
echo "postgres-image: building $IMAGE"
docker build -q --network host --build-arg MIRROR="$MIRROR" -t "$IMAGE" "$WORK/context" >"$WORK/build.log" 2>&1 \
    || { tail -30 "$WORK/build.log" >&2; exit 1; }
echo "postgres-image: $IMAGE built in $((SECONDS - start)) s"
