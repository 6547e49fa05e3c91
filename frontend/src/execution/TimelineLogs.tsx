/** The timeline's log marks: a diamond on a state's bar where its function wrote a log line,
 * the lines on hover or focus, a click opening the state; lines too close to tell apart share
 * one mark. */

import { useLayoutEffect, useRef, useState, type RefObject } from "react";
import { createPortal } from "react-dom";
import { millis } from "../live/events";
import type { Run } from "../live/fold";
import {
  fieldsText,
  groupNearby,
  shorten,
  worstLevel,
  type LogGroup,
  type LogNote,
} from "../live/tasklog";
import { localTime } from "./time";

/** Lines listed in one mark's tip; the rest are counted. */
const TIP_LINES = 3;

interface Props {
  run: Run;
  /** The bar's ends (ms) and where a moment is on the track, in percent. */
  from: number;
  to: number;
  percent: (ms: number) => number;
  onSelect: (pointer: string) => void;
}

export function LogMarks({ run, from, to, percent, onSelect }: Props) {
  if (run.logs.length === 0) return null;
  const where = (note: LogNote) => percent(Math.min(to, Math.max(from, millis(note.at))));
  return (
    <>
      {groupNearby(run.logs, where, 1).map((group) => (
        <LogMark
          key={group.notes[0].eventId}
          name={run.name}
          group={group}
          onOpen={() => onSelect(run.pointer)}
        />
      ))}
    </>
  );
}

/** Where a shown tip goes: on the page's body, fixed to the viewport, so neither the timeline's
 * scrolling list nor its card (content-visibility contains paint) can clip it; below the mark,
 * or above it in the lower part of the window. */
interface TipPlace {
  left?: number;
  right?: number;
  top?: number;
  bottom?: number;
  maxWidth: number;
}

const MARGIN = 8; // px kept between a tip and the window's edges

function placeTip(mark: HTMLElement, position: number): TipPlace {
  const box = mark.getBoundingClientRect();
  const { innerWidth: width, innerHeight: height } = window;
  const across =
    position > 50
      ? { right: Math.max(MARGIN, width - box.right), maxWidth: box.right - MARGIN }
      : { left: Math.max(MARGIN, box.left), maxWidth: width - box.left - MARGIN };
  across.maxWidth = Math.min(360, Math.max(160, across.maxWidth));
  return box.bottom < height * 0.6
    ? { ...across, top: box.bottom + 4 }
    : { ...across, bottom: height - box.top + 4 };
}

function LogMark({ name, group, onOpen }: { name: string; group: LogGroup; onOpen: () => void }) {
  const mark = useRef<HTMLButtonElement>(null);
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const place = useTipPlace(mark, hovered || focused, group.position);
  return (
    <button
      ref={mark}
      type="button"
      className={`bt-gantt__log bt-gantt__log--${worstLevel(group.notes)}`}
      style={{ left: `${group.position}%` }}
      aria-label={`${name}: ${spoken(group.notes)}`}
      data-testid="timeline-log"
      data-log-events={group.notes.map((note) => note.eventId).join(" ")}
      onClick={onOpen}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
    >
      {place ? createPortal(<LogTip notes={group.notes} place={place} />, document.body) : null}
    </button>
  );
}

/** The tip's place while `shown`, kept beside the mark as the page scrolls or resizes. */
function useTipPlace(
  mark: RefObject<HTMLElement | null>,
  shown: boolean,
  position: number,
): TipPlace | undefined {
  const [place, setPlace] = useState<TipPlace>();
  useLayoutEffect(() => {
    if (!shown || !mark.current) {
      setPlace(undefined);
      return;
    }
    const follow = () => mark.current && setPlace(placeTip(mark.current, position));
    follow();
    window.addEventListener("scroll", follow, true);
    window.addEventListener("resize", follow);
    return () => {
      window.removeEventListener("scroll", follow, true);
      window.removeEventListener("resize", follow);
    };
  }, [mark, shown, position]);
  return place;
}

function LogTip({ notes, place }: { notes: readonly LogNote[]; place: TipPlace }) {
  return (
    <span className="bt-gantt__tip" style={place} data-testid="timeline-log-tip" aria-hidden="true">
      {notes.slice(0, TIP_LINES).map((note) => (
        <span key={note.eventId} className="bt-gantt__tipline">
          <span className="bt-exec-muted">{localTime(note.at)}</span>{" "}
          <span className={`bt-log-level bt-log-level--${note.level}`}>{note.level}</span>{" "}
          {lineText(note)}
        </span>
      ))}
      {notes.length > TIP_LINES ? (
        <span className="bt-gantt__tipline bt-exec-muted">
          and {notes.length - TIP_LINES} more (open the state for all)
        </span>
      ) : null}
    </span>
  );
}

function lineText(note: LogNote): string {
  const fields = fieldsText(note.fields, 100);
  return `${shorten(note.message, 160)}${fields ? ` (${fields})` : ""}`;
}

/** What a screen reader says for a mark: the first line in full, then how many more. */
function spoken(notes: readonly LogNote[]): string {
  const first = notes[0];
  const more = notes.length > 1 ? `, and ${notes.length - 1} more log lines` : "";
  return `log ${first.level} at ${localTime(first.at)}: ${lineText(first)}${more}`;
}
