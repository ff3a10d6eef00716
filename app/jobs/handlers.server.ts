import {
  importCommitJob,
  importPreviewJob,
  IMPORT_COMMIT,
  IMPORT_PREVIEW,
} from '../registration/import.server'
import { CAMPAIGN_JOB, campaignJob } from '../notices/campaigns.server'
import { NOTICE_RUN_JOB, noticeRunJob } from '../notices/runs.server'
import type { JobHandlers } from './runner.server'

// Every kind of background job and the function that runs it. The runner claims only these kinds,
// so a process started from an older build never picks up a job it cannot run.
export const JOB_HANDLERS: JobHandlers = {
  [IMPORT_PREVIEW]: importPreviewJob,
  [IMPORT_COMMIT]: importCommitJob,
  [CAMPAIGN_JOB]: campaignJob,
  [NOTICE_RUN_JOB]: noticeRunJob,
}
