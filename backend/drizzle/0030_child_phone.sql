ALTER TABLE "children" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "children" ADD COLUMN "phone_hash" text;--> statement-breakpoint
CREATE INDEX "children_phone_idx" ON "children" USING btree ("phone_hash");