# syntax=docker/dockerfile:1
# Rightsize: the Slack app (`rightsize serve`) in a small image.
#   docker build -t rightsize .
#   docker run --rm -p 3000:3000 -e SLACK_BOT_TOKEN -e SLACK_SIGNING_SECRET rightsize
# README.md, "Running with Docker", has the Socket Mode variant and the data volume.

# ---- build: bundle the CLI (scripts/build.ts, esbuild), then keep only the runtime dependencies ----
FROM node:24-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the image has its own Node 24, so the install script of the `node` devDependency (which fetches
# a glibc Node for development machines) does not run; the build, `prepare`'s job, runs once the sources are here.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json ./
COPY scripts/build.ts ./scripts/
COPY src ./src
COPY commands ./commands
COPY views ./views
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: the build, its entry, production node_modules, the bundled demo account ----
FROM node:24-alpine AS runtime
# The state file (scans, findings lifecycle, mutes, audit log) lives on the volume, so it survives restarts.
ENV NODE_ENV=production \
    PORT=3000 \
    RIGHTSIZE_STATE=/data/rightsize-state.json
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The same entry as `npx rightsize`: it runs dist/ (there are no sources here to compare it with).
COPY bin ./bin
# `serve` without --snapshot serves this account, so a new workspace can try every command first.
COPY examples/demo-account ./examples/demo-account
# `scan` without --snapshot scans the demo organisation: its second account, and organization.json, whose SCPs cap
# one of the demo's administrators.
COPY examples/demo-shared-services ./examples/demo-shared-services
COPY examples/organization.json ./examples/organization.json
# Account snapshots, the config and the state file live on a volume owned by the unprivileged user.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
# /healthz answers in both modes (HTTP: the request port; Socket Mode: the same port, health only).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "bin/rightsize.js"]
CMD ["serve"]
