CREATE TABLE "canned_replies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"label_zh" text NOT NULL,
	"label_en" text NOT NULL,
	"text_zh" text NOT NULL,
	"text_en" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "handover_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "wrap_up_outcome" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "wrap_up_note" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "wrapped_up_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "wrapped_up_by" uuid;--> statement-breakpoint
ALTER TABLE "canned_replies" ADD CONSTRAINT "canned_replies_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handover_notes" ADD CONSTRAINT "handover_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "handover_notes_created_idx" ON "handover_notes" USING btree ("created_at");--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_wrapped_up_by_users_id_fk" FOREIGN KEY ("wrapped_up_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- custom: the default canned SMS replies in both languages (administrators edit them).
INSERT INTO "canned_replies" ("label_zh", "label_en", "text_zh", "text_en", "position") VALUES
  ('收到确认', 'Acknowledgement', '您好，护童热线已收到您的信息，工作人员正在处理，请保持手机畅通。', 'Hello, the Hutong hotline has received your message. Someone is looking into it; please keep your phone on.', 0),
  ('安全提示', 'Safety advice', '如有紧急危险请立即拨打110。请先确保自己和孩子的安全。', 'If anyone is in immediate danger, call 110 now. Keep yourself and the child safe first.', 1),
  ('询问位置', 'Ask for location', '为了尽快帮助孩子，请告诉我们所在的地点（区县、乡镇街道、村或小区）。', 'So we can help the child quickly, please tell us where this is (county, township or street, village or estate).', 2),
  ('结束语', 'Closing', '感谢您的联系。如有新情况，请随时回复本短信或拨打护童热线。', 'Thank you for contacting us. If anything changes, reply to this message or call the Hutong hotline at any time.', 3);
