# syntax=docker/dockerfile:1
# The market maker (and the persistence writer: same image, other command). docs/GOING-LIVE.md explains the modes;
# deploy/compose.yaml runs it with PostgreSQL, Redis and the writer.
#   docker build -t truex-mm .
#   docker run --rm --env-file .env -v truex-mm-data:/data truex-mm            (MM_MODE=paper in .env.example)

ARG NODE_VERSION=20.19

# --- build: every dependency, then the TypeScript project references -------------------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund \
 && npx tsc -b \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf packages/*/src apps/*/src tools/*/src

# --- runtime: the built packages and production dependencies, as an unprivileged user ---------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    MM_DATA_DIR=/data \
    MM_HTTP_PORT=8080
WORKDIR /app
COPY --from=build --chown=root:root /app /app
# The data folder (embedded database, FIX sequence numbers, spill file, lock) is the only writable place.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# /healthz answers while the process is alive (/readyz says whether it quotes).
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.MM_HTTP_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM stops gracefully: cancels every order, waits for the acks, logs out, flushes storage (allow ~60 s).
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "apps/market-maker/dist/main.js"]
