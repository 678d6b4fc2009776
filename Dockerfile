# syntax=docker/dockerfile:1.7
# Ferry's container image. Three stages: build (npm ci runs the `prepare` build into
# dist/, then npm prune --omit=dev leaves only what runs), kubectl (a pinned release,
# checked against its published SHA-256), and the runtime: Node LTS, git, kubectl and
# tini, as a non-root user, ready for a read-only root filesystem (only /tmp is written).

ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Manifests first, so the dependency layer is cached across source changes.
COPY package.json package-lock.json ./
COPY tsconfig*.json ./
COPY bin ./bin
COPY src ./src
COPY app.yml ./
# `npm ci` installs everything and runs `prepare` (the build into dist/); prune then
# drops the dev dependencies, proving nothing at run time needs them.
RUN npm ci --no-audit --no-fund && test -f dist/src/server.js && npm prune --omit=dev --no-audit --no-fund && npm cache clean --force

FROM debian:bookworm-slim AS kubectl
# kubectl v1.32 embeds kustomize v5.5, the version Ferry's built-in renderer matches byte
# for byte, so `render.engine: kustomize` and the built-in engine agree. Bump both together.
ARG KUBECTL_VERSION=v1.32.4
ARG TARGETARCH=amd64
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl && rm -rf /var/lib/apt/lists/*
RUN curl -fsSLo /usr/local/bin/kubectl "https://dl.k8s.io/release/${KUBECTL_VERSION}/bin/linux/${TARGETARCH}/kubectl" \
 && curl -fsSLo /tmp/kubectl.sha256 "https://dl.k8s.io/release/${KUBECTL_VERSION}/bin/linux/${TARGETARCH}/kubectl.sha256" \
 && echo "$(cat /tmp/kubectl.sha256)  /usr/local/bin/kubectl" | sha256sum --check --strict \
 && chmod 0755 /usr/local/bin/kubectl

FROM ${NODE_IMAGE} AS runtime
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="Ferry" \
      org.opencontainers.image.description="A GitHub App that promotes Kubernetes config between environment branches by fast-forward" \
      org.opencontainers.image.source="https://github.com/ferry-gitops/ferry" \
      org.opencontainers.image.url="https://github.com/ferry-gitops/ferry" \
      org.opencontainers.image.documentation="https://github.com/ferry-gitops/ferry/blob/main/docs/deploy.md" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}"
# git for local trees, tini as PID 1 (forwards SIGTERM, reaps children of git and kubectl).
RUN apt-get update && apt-get install -y --no-install-recommends git tini ca-certificates && rm -rf /var/lib/apt/lists/*
COPY --from=kubectl /usr/local/bin/kubectl /usr/local/bin/kubectl
WORKDIR /app
COPY --from=build --chown=0:0 /app/package.json /app/package-lock.json /app/app.yml ./
COPY --from=build --chown=0:0 /app/node_modules ./node_modules
COPY --from=build --chown=0:0 /app/dist ./dist
COPY --from=build --chown=0:0 /app/bin ./bin
# Files belong to root and are read-only to the app user; everything written goes to
# /tmp (an emptyDir in deploy/), so the root filesystem can be mounted read-only.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    HOME=/tmp \
    TMPDIR=/tmp \
    KUBECACHEDIR=/tmp/kube-cache
# The image's `node` user (uid 1000), by number so Kubernetes can check runAsNonRoot.
USER 1000:1000
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
# `npm start` runs the same command; node directly, so SIGTERM reaches Ferry, not npm.
CMD ["node", "dist/src/server.js"]
