CREATE TYPE "public"."activity_type" AS ENUM('contact_added', 'contact_updated', 'contact_deleted', 'contacts_merged', 'contacts_tagged', 'interaction_logged', 'interaction_updated', 'interaction_deleted', 'follow_up_scheduled', 'follow_up_completed', 'follow_up_snoozed', 'opportunity_added', 'opportunity_updated', 'opportunity_deleted', 'data_imported');--> statement-breakpoint
CREATE TYPE "public"."connection_strength" AS ENUM('strong', 'medium', 'weak', 'new');--> statement-breakpoint
CREATE TYPE "public"."contact_source" AS ENUM('networking_event', 'linkedin', 'referral', 'cold_outreach');--> statement-breakpoint
CREATE TYPE "public"."interaction_outcome" AS ENUM('positive', 'neutral', 'negative', 'no_response');--> statement-breakpoint
CREATE TYPE "public"."interaction_type" AS ENUM('email', 'call', 'meeting', 'linkedin_message', 'coffee_chat');--> statement-breakpoint
CREATE TYPE "public"."opportunity_status" AS ENUM('interested', 'applied', 'phone_screen', 'interview', 'final_round', 'offer', 'rejected', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."priority_level" AS ENUM('high', 'medium', 'low');--> statement-breakpoint
CREATE TYPE "public"."relationship_type" AS ENUM('recruiter', 'hiring_manager', 'peer', 'mentor', 'referral');--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"display_name" text,
	"time_zone" text,
	"is_local_owner" boolean DEFAULT false NOT NULL,
	"digest_hour" smallint DEFAULT 9 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"label" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "crm_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"email" text,
	"phone" text,
	"company" text,
	"job_title" text,
	"linkedin_url" text,
	"twitter_url" text,
	"location" text,
	"contact_source" "contact_source",
	"relationship_type" "relationship_type",
	"connection_strength" "connection_strength",
	"last_contact_date" date,
	"next_follow_up_date" date,
	"follow_up_reason" text,
	"notes" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_interactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"interaction_type" "interaction_type" NOT NULL,
	"interaction_date" timestamp with time zone DEFAULT now() NOT NULL,
	"subject" text,
	"notes" text,
	"outcome" "interaction_outcome",
	"follow_up_required" boolean DEFAULT false NOT NULL,
	"follow_up_date" date,
	"attachments" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_opportunities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"contact_id" uuid,
	"job_title" text,
	"company_name" text NOT NULL,
	"job_description" text,
	"salary_range" text,
	"location" text,
	"application_date" date,
	"status" "opportunity_status" DEFAULT 'interested' NOT NULL,
	"priority_level" "priority_level",
	"match_score" real,
	"next_action" text,
	"next_action_date" date,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_opportunities_match_score_range" CHECK ("crm_opportunities"."match_score" is null or ("crm_opportunities"."match_score" >= 0 and "crm_opportunities"."match_score" <= 1))
);
--> statement-breakpoint
CREATE TABLE "crm_opportunity_stage_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"from_status" "opportunity_status",
	"to_status" "opportunity_status" NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"activity_type" "activity_type" NOT NULL,
	"activity_date" timestamp with time zone DEFAULT now() NOT NULL,
	"description" text NOT NULL,
	"related_contact_id" uuid,
	"related_opportunity_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_contact_insights" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"insight_type" text NOT NULL,
	"insight_text" text NOT NULL,
	"confidence_score" real,
	"generated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_contact_insights_confidence_range" CHECK ("crm_contact_insights"."confidence_score" is null or ("crm_contact_insights"."confidence_score" >= 0 and "crm_contact_insights"."confidence_score" <= 1))
);
--> statement-breakpoint
CREATE TABLE "crm_chat_messages" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"message" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_chat_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"title" text,
	"state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_contacts" ADD CONSTRAINT "crm_contacts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_interactions" ADD CONSTRAINT "crm_interactions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_interactions" ADD CONSTRAINT "crm_interactions_contact_id_crm_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."crm_contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_opportunities" ADD CONSTRAINT "crm_opportunities_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_opportunities" ADD CONSTRAINT "crm_opportunities_contact_id_crm_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."crm_contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_opportunity_stage_changes" ADD CONSTRAINT "crm_opportunity_stage_changes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_opportunity_stage_changes" ADD CONSTRAINT "crm_opportunity_stage_changes_opportunity_id_crm_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."crm_opportunities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_activities" ADD CONSTRAINT "crm_activities_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_activities" ADD CONSTRAINT "crm_activities_related_contact_id_crm_contacts_id_fk" FOREIGN KEY ("related_contact_id") REFERENCES "public"."crm_contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_activities" ADD CONSTRAINT "crm_activities_related_opportunity_id_crm_opportunities_id_fk" FOREIGN KEY ("related_opportunity_id") REFERENCES "public"."crm_opportunities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_contact_insights" ADD CONSTRAINT "crm_contact_insights_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_contact_insights" ADD CONSTRAINT "crm_contact_insights_contact_id_crm_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."crm_contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_chat_messages" ADD CONSTRAINT "crm_chat_messages_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_chat_messages" ADD CONSTRAINT "crm_chat_messages_session_id_crm_chat_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."crm_chat_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_chat_sessions" ADD CONSTRAINT "crm_chat_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "crm_contacts_user_name_idx" ON "crm_contacts" USING btree ("user_id","last_name","first_name","id");--> statement-breakpoint
CREATE INDEX "crm_contacts_user_first_name_idx" ON "crm_contacts" USING btree ("user_id",lower("first_name"));--> statement-breakpoint
CREATE INDEX "crm_contacts_user_last_name_idx" ON "crm_contacts" USING btree ("user_id",lower("last_name"));--> statement-breakpoint
CREATE INDEX "crm_contacts_user_email_idx" ON "crm_contacts" USING btree ("user_id",lower("email"));--> statement-breakpoint
CREATE INDEX "crm_contacts_user_company_idx" ON "crm_contacts" USING btree ("user_id",lower("company"));--> statement-breakpoint
CREATE INDEX "crm_contacts_user_follow_up_idx" ON "crm_contacts" USING btree ("user_id","next_follow_up_date") WHERE "crm_contacts"."next_follow_up_date" is not null;--> statement-breakpoint
CREATE INDEX "crm_contacts_name_trgm_idx" ON "crm_contacts" USING gin ((lower("first_name" || ' ' || "last_name")) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "crm_contacts_search_trgm_idx" ON "crm_contacts" USING gin ((lower("first_name" || ' ' || "last_name" || ' ' || coalesce("email", '') || ' ' || coalesce("company", ''))) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "crm_contacts_tags_idx" ON "crm_contacts" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "crm_interactions_contact_idx" ON "crm_interactions" USING btree ("contact_id","interaction_date");--> statement-breakpoint
CREATE INDEX "crm_interactions_user_date_idx" ON "crm_interactions" USING btree ("user_id","interaction_date");--> statement-breakpoint
CREATE INDEX "crm_opportunities_user_status_idx" ON "crm_opportunities" USING btree ("user_id","status");--> statement-breakpoint
CREATE INDEX "crm_opportunities_user_next_action_idx" ON "crm_opportunities" USING btree ("user_id","next_action_date") WHERE "crm_opportunities"."next_action_date" is not null;--> statement-breakpoint
CREATE INDEX "crm_opportunities_contact_idx" ON "crm_opportunities" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "crm_opportunity_stage_changes_opp_idx" ON "crm_opportunity_stage_changes" USING btree ("opportunity_id","changed_at");--> statement-breakpoint
CREATE INDEX "crm_activities_user_date_idx" ON "crm_activities" USING btree ("user_id","activity_date");--> statement-breakpoint
CREATE INDEX "crm_contact_insights_contact_idx" ON "crm_contact_insights" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "crm_chat_messages_session_idx" ON "crm_chat_messages" USING btree ("session_id","seq");--> statement-breakpoint
CREATE INDEX "crm_chat_sessions_user_idx" ON "crm_chat_sessions" USING btree ("user_id","updated_at");