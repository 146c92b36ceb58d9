# Hutong for production: one image, run as `--role api` or `--role worker` (see docker-compose.yml).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY shared/package.json shared/
COPY ivr/package.json ivr/
COPY backend/package.json backend/
COPY console/package.json console/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HUTONG_MODE=production PORT=8080
COPY package.json package-lock.json .npmrc ./
COPY shared/package.json shared/
COPY ivr/package.json ivr/
COPY backend/package.json backend/
COPY console/package.json console/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/shared/dist shared/dist
COPY --from=build /app/ivr/dist ivr/dist
COPY --from=build /app/backend/dist backend/dist
COPY --from=build /app/backend/drizzle backend/drizzle
COPY --from=build /app/console/dist console/dist
USER node
EXPOSE 8080
CMD ["node", "backend/dist/main.js", "--role", "all"]
