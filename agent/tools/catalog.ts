import type { AnyTool } from './define-tool.js';
import { contactTools } from './contacts.js';
import { contactBulkTools } from './contact-bulk.js';
import { interactionTools } from './interactions.js';
import { followUpTools } from './follow-ups.js';
import { taskTools } from './tasks.js';
import { opportunityTools } from './opportunities.js';
import { getOpportunity } from './opportunity-detail.js';
import { dashboardTools } from './dashboard.js';
import { transferTools } from './transfer.js';
import { searchTools } from './search.js';
import { auditTools } from './audit.js';
import { undoTools } from './undo.js';
import { importFile } from './imports/import-file-tool.js';
import { exportFile } from './exports/export-file-tool.js';
import { exportArchive } from './exports/export-archive.js';
import { deleteMyAccount } from './delete-account.js';
import { demoTools } from './demo.js';
import { mailAccountTools } from './mail/mail-account-tools.js';
import { calendarTools } from './calendar/calendar-tools.js';
import { calendarAccountTools } from './calendar/calendar-account-tools.js';
import { crmSyncTools } from './crm-sync/crm-sync-tools.js';
import { webhookTools } from './webhooks/webhook-tools.js';
import { logEmail } from './mail/log-email-tool.js';
import { unknownSenderTools } from './mail/unknown-sender-tools.js';
import { suggestionTools } from './mail/suggestion-tools.js';
import { templateTools } from './mail/template-tools.js';
import { resumeTools } from './resumes/resume-tools.js';
import { matchTools } from './match/match-tools.js';
import { reminderSettingsTools } from './reminders/reminder-settings-tools.js';
import { relationshipTools } from './insights/relationship-map.js';
import { successTools } from './insights/success-tools.js';
import { analyticsTools } from './insights/analytics-tool.js';
import { keepInTouchTools } from './keep-in-touch/keep-in-touch-tools.js';
import { contactInsightTools } from './insights/contact-insights-tools.js';
import { automationTools } from './automation/automation-tools.js';
import { userAdminTools } from './admin/user-admin-tools.js';
import { teamTools } from './teams/team-tools.js';

/** The one catalog every surface adapts: the agent, MCP, REST and Slack. */
export const catalog: AnyTool[] = [
  ...contactTools,
  ...contactBulkTools,
  ...interactionTools,
  ...followUpTools,
  ...taskTools,
  ...opportunityTools,
  getOpportunity,
  ...resumeTools,
  ...matchTools,
  ...relationshipTools,
  ...successTools,
  ...analyticsTools,
  ...keepInTouchTools,
  ...contactInsightTools,
  ...automationTools,
  ...dashboardTools,
  ...transferTools,
  importFile,
  exportFile,
  exportArchive,
  deleteMyAccount,
  ...searchTools,
  ...auditTools,
  ...undoTools,
  ...demoTools,
  ...mailAccountTools,
  ...calendarTools,
  ...calendarAccountTools,
  ...crmSyncTools,
  ...webhookTools,
  logEmail,
  ...unknownSenderTools,
  ...suggestionTools,
  ...templateTools,
  ...reminderSettingsTools,
  ...userAdminTools,
  ...teamTools,
];

export function findTool(name: string): AnyTool | undefined {
  return catalog.find((t) => t.name === name);
}
