/** A timestamp as <time>: local time shown, UTC on hover. */

import { localDateTime, localTime, utc } from "./time";

export function Time({
  iso,
  withDate = false,
}: {
  iso: string | null | undefined;
  withDate?: boolean;
}) {
  if (!iso) return null;
  return (
    <time dateTime={iso} title={utc(iso)}>
      {withDate ? localDateTime(iso) : localTime(iso)}
    </time>
  );
}
