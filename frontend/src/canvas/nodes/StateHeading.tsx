/** Icon, name (truncated, full name in a title), type and one-line summary, plus the diff badge. */

import type { StateData } from "../types";
import { isApprovalTask } from "../../asl/approval";
import { ApprovalIcon, TypeIcon } from "./icons";
import { LiveBadge } from "./LiveBadge";

export function StateHeading({ data }: { data: StateData }) {
  const typeName = data.type || "Unknown";
  return (
    <div className="bt-heading">
      <span className="bt-heading__icon">
        {isApprovalTask(data.state) ? <ApprovalIcon /> : <TypeIcon type={data.type} />}
      </span>
      <span className="bt-heading__text">
        <span className="bt-heading__name" title={data.name}>
          {data.name}
        </span>
        <span
          className="bt-heading__meta"
          title={data.summary ? `${typeName}: ${data.summary}` : typeName}
        >
          <span className="bt-heading__type">{typeName}</span>
          {data.summary ? <span className="bt-heading__summary">{data.summary}</span> : null}
        </span>
      </span>
      {data.diff ? <span className={`bt-badge bt-badge--${data.diff}`}>{data.diff}</span> : null}
      {data.live ? <LiveBadge live={data.live} /> : null}
    </div>
  );
}
