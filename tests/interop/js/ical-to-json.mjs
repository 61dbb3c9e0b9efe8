// Read iCalendar feeds with Mozilla's ical.js (the parser inside Thunderbird) and print
// what it understood as JSON, for tests/interop/test_feeds_interop.py to compare with
// ipsrules.check().
//
//   node ical-to-json.mjs FEED.ics     one feed from a file: one JSON document
//   node ical-to-json.mjs -            one feed from standard input
//   node ical-to-json.mjs --lines      many feeds: each input line is a JSON string holding
//                                      one feed; each output line is the JSON result for it
//
// ical.js parses values lazily (a bad DTSTART parses and fails only when it is read), so
// this script reads every value it reports. A feed ical.js refuses gives {"error": "..."}.

import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import ICAL from "ical.js";

function text(value) {
  // Durations, times and other value objects print in their iCalendar form.
  return value === null || value === undefined ? null : value.toString();
}

function moment(time) {
  if (time === null) return null;
  return {
    value: time.toString(),
    is_date: time.isDate,
    zone: time.isDate ? null : time.zone ? time.zone.tzid : null,
    utc: time.isDate ? null : time.toJSDate().toISOString(),
  };
}

function properties(component) {
  const found = {};
  for (const property of component.getAllProperties()) {
    const values = property.getValues().map(text);
    (found[property.name] ??= []).push(values.length === 1 ? values[0] : values);
  }
  return found;
}

function alarm(component) {
  const trigger = component.getFirstProperty("trigger");
  return {
    action: text(component.getFirstPropertyValue("action")),
    trigger: trigger === null ? null : text(trigger.getFirstValue()),
    trigger_related: trigger === null ? null : trigger.getParameter("related") ?? null,
    description: text(component.getFirstPropertyValue("description")),
  };
}

function event(component) {
  const parsed = new ICAL.Event(component);
  return {
    uid: parsed.uid,
    dtstart: moment(parsed.startDate),
    // ICAL.Event works DTEND out from DURATION when there is no DTEND; say which it was.
    dtend: moment(parsed.endDate),
    has_dtend: component.hasProperty("dtend"),
    dtstamp: text(component.getFirstPropertyValue("dtstamp")),
    summary: parsed.summary ?? null,
    description: parsed.description ?? null,
    status: text(component.getFirstPropertyValue("status")),
    categories: component
      .getAllProperties("categories")
      .flatMap((property) => property.getValues().map(text)),
    recurring: parsed.isRecurring(),
    properties: properties(component),
    alarms: component.getAllSubcomponents("valarm").map(alarm),
  };
}

function parse(feed) {
  try {
    const calendar = new ICAL.Component(ICAL.parse(feed));
    if (calendar.name !== "vcalendar") {
      return { error: `expected a VCALENDAR, found ${calendar.name}` };
    }
    // Unregistered zones fall back to UTC without a word: register the feed's own.
    const timezones = calendar.getAllSubcomponents("vtimezone");
    for (const zone of timezones) ICAL.TimezoneService.register(zone);
    const other = calendar
      .getAllSubcomponents()
      .map((component) => component.name)
      .filter((name) => name !== "vevent" && name !== "vtimezone");
    return {
      calendar: properties(calendar),
      timezones: timezones.map((zone) => zone.getFirstPropertyValue("tzid")),
      other_components: other,
      events: calendar.getAllSubcomponents("vevent").map(event),
    };
  } catch (error) {
    return { error: `${error.name}: ${error.message}` };
  }
}

const [argument] = process.argv.slice(2);
if (argument === "--lines") {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() !== "") process.stdout.write(JSON.stringify(parse(JSON.parse(line))) + "\n");
  }
} else if (argument !== undefined) {
  const feed = readFileSync(argument === "-" ? 0 : argument, "utf8");
  process.stdout.write(JSON.stringify(parse(feed), null, 2) + "\n");
} else {
  process.stderr.write("usage: node ical-to-json.mjs FEED.ics | - | --lines\n");
  process.exit(2);
}
