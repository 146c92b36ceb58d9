ALTER TABLE "cases" ADD COLUMN "search_tokens" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "search_tokens" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "cases_search_tokens_idx" ON "cases" USING gin ("search_tokens");--> statement-breakpoint
CREATE INDEX "reports_search_tokens_idx" ON "reports" USING gin ("search_tokens");