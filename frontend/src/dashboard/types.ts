/**
 * What /api/dashboard/ answers (engine/api/dashboard_serializers.py DashboardSerializer), the
 * parts the charts read, and the config the page hands its script (engine/dashboard/page.py).
 */
export const STATUSES = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"] as const;
export type Status = (typeof STATUSES)[number];

export type StatusCounts = Record<Status, number>;

export interface StartedBucket {
  start: string;
  started: number;
  by_status: StatusCounts;
}

export interface TimingBucket {
  start: string;
  finished: number;
  p50_seconds: number | null;
  p95_seconds: number | null;
}

export interface Dashboard {
  since: string;
  until: string;
  bucket_seconds: number;
  workflow: string | null;
  is_empty: boolean;
  executions: {
    started: number;
    by_status: StatusCounts;
    success_rate: number | null;
    series: StartedBucket[];
  };
  duration: {
    finished: number;
    p50_seconds: number | null;
    p95_seconds: number | null;
    series: TimingBucket[];
  };
}

export interface DashboardConfig {
  dataUrl: string;
  since: string;
  until: string;
  bucketSeconds: number;
  workflow: string | null;
}
