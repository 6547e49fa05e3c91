/** What the Django template hands the page (templates/engine/execution_detail.html). */

export interface PageConfig {
  id: string;
  name: string;
  workflow: string;
  version: number | null;
  arn: string;
  test_run: boolean;
  /** The json_script id holding the definition the execution runs. */
  definition: string;
  can: { operate: boolean; design: boolean };
  csrf: string;
  urls: {
    stop: string;
    redrive: string;
    rerun: string;
    workflow: string | null;
    designer: string | null;
    list: string;
  };
}

export const ENDED_BADLY = ["FAILED", "TIMED_OUT", "ABORTED"];
