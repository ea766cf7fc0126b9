# Images for a server deployment (see docker-compose.yml and deploy/helm): the API (also the
# worker: ROLE=worker) and the two SPAs, each its own service. Build with `docker compose build`.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim AS api
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
# No embedded PostgreSQL in production: it is an optional dependency for development.
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist/apps/api ./dist/apps/api
# Both SPAs too, so that one container (Kubernetes: deploy/helm) serves everything as `npm start`
# does; docker compose still serves them from their own nginx images.
COPY --from=build /app/dist/apps/analyst ./dist/apps/analyst
COPY --from=build /app/dist/apps/respondent ./dist/apps/respondent
# DATA_DIR (staged imports; the .eml outbox without SMTP_URL), writable by the node user.
RUN mkdir -p /app/var && chown node:node /app/var
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:3000/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/apps/api/apps/api/src/main.js"]

FROM nginx:1.27-alpine AS analyst
COPY docker/nginx/security-headers.conf /etc/nginx/snippets/security-headers.conf
COPY docker/nginx/api-proxy.conf /etc/nginx/snippets/api-proxy.conf
COPY docker/nginx/analyst.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/dist/apps/analyst /usr/share/nginx/html
EXPOSE 8080

FROM nginx:1.27-alpine AS respondent
COPY docker/nginx/security-headers.conf /etc/nginx/snippets/security-headers.conf
COPY docker/nginx/api-proxy.conf /etc/nginx/snippets/api-proxy.conf
COPY docker/nginx/security-headers-frameable.conf /etc/nginx/snippets/security-headers-frameable.conf
COPY docker/nginx/respondent.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/dist/apps/respondent /usr/share/nginx/html/r
EXPOSE 8080
