# One image for the whole stack: gateway, activities, notifications and the local X-Ray daemon.
# docker-compose.yml runs it once per service with a different command.
#
#   docker build -t cruddur-tracing:local .
#   docker run --rm -p 4567:4567 cruddur-tracing:local          # the gateway alone
#
# Stages: build (every dependency, `nx run-many -t build`) -> prod-deps (runtime dependencies
# only) -> runtime (node_modules + dist/ + the sampling rules, non-root).
#
# The base image is a build argument: Node 24 LTS by default, `--build-arg NODE_IMAGE=node:20-slim`
# for Node 20. Without a registry, docker/base-image.sh builds either tag locally.
ARG NODE_IMAGE=node:24-slim

# ---- build: install everything, build the four apps and the web UI through Nx --------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /repo
ENV NX_DAEMON=false NX_NO_CLOUD=true CI=true
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx nx run-many -t build --projects=gateway,activities,notifications,xray-daemon,xray-viewer --parallel=2 --outputStyle=static

# ---- prod-deps: only what the bundles require at run time ---------------------------------------
# webpack bundles the workspace libraries (@cruddur/*) but leaves npm packages external, so the
# runtime needs the production dependencies of package.json (Nest, aws-xray-sdk-core, ...).
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# ---- runtime ----------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /repo/dist/apps/gateway ./dist/apps/gateway
COPY --from=build /repo/dist/apps/activities ./dist/apps/activities
COPY --from=build /repo/dist/apps/notifications ./dist/apps/notifications
COPY --from=build /repo/dist/apps/xray-daemon ./dist/apps/xray-daemon
# The web UI the daemon serves on its TCP port (it looks next to its own bundle: ../xray-viewer).
COPY --from=build /repo/dist/apps/xray-viewer ./dist/apps/xray-viewer
# The sampling rules (Cruddur's, and no health checks), loaded by the daemon with --sampling-rules.
COPY aws/json ./aws/json
# /data: the daemon's --data-dir; a new named volume copies this directory's owner.
RUN mkdir -p /data && chown node:node /data
# The official image's unprivileged user (uid 1000).
USER node
EXPOSE 4567 4001 4002 2000 2000/udp
# Each compose service sets its own command and healthcheck; alone, the image runs the gateway.
CMD ["node", "dist/apps/gateway/main.js"]
