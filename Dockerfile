# syntax=docker/dockerfile:1
# The gateway (and, with another command, the GWS simulator) in a small image that runs as a
# non-root user. Build: docker build -t gws-sms-gateway .
# Node 24, the active LTS (Node 20 reached its end of life in 2026; `engines` in package.json says
# what is supported). `--build-arg NODE_IMAGE=node:22-bookworm-slim` builds on Node 22 instead.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json schema.graphql ./
COPY scripts ./scripts
COPY src ./src
COPY simulator ./simulator
RUN npm run build

FROM ${NODE_IMAGE} AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production PORT=4000
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Read at run time from two levels above dist/graphql/.
COPY package.json schema.graphql ./
# The node image's own unprivileged user.
USER node
EXPOSE 4000
# /healthz answers while the process runs; /readyz is the load balancer's question.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
