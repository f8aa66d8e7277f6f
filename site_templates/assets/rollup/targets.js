// The targets file, for the browser: which maturity phase each team aims for, per questionnaire —
// generator/report/targets.py's checks and messages. The browser reads the JSON form of it
// ({"default": {questionnaire: phase}, "teams": {team: {questionnaire: phase}}}); a YAML targets
// file needs `playbook report --targets` (the same keys, written as JSON, work in both).
import { keysOf, parseJson, lineOf, typeAt } from "./json.js";
import { readText } from "./inputs.js";
import { cleanText, cmpStr, cmpTuple, own, problem, suggest, teamKey } from "./text.js";

const KEYS = ["default", "teams"];
const MAX_DEPTH = 32;
const isMap = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

// Read and check a targets file: {targets, problems} — targets null when there is any problem.
// `text` is the file's text (or bytes); specs = {id: spec}.
export function readTargets(text, path, specs) {
  const fail = (problems) => ({ targets: null,
    problems: problems.sort((a, b) => cmpTuple([a.path, a.line, a.field, a.message], [b.path, b.line, b.field, b.message])) });
  const lower = path.toLowerCase();
  if (!lower.endsWith(".json")) {
    return fail([problem(path, 1, "(file)", "a YAML targets file is read by `playbook report --targets` only; "
      + "the browser reads the same targets written as JSON (.json)")]);
  }
  const read = readText({ path, text }, path, "a targets file");
  if (read.problem) return fail([read.problem]);
  const parsed = parseJson(read.text, MAX_DEPTH);
  if (parsed.error) return fail([problem(path, parsed.error.line, parsed.error.field, parsed.error.message)]);
  const data = parsed.data;
  if (!isMap(data)) return fail([problem(path, 1, "json", "expected an object with 'teams' (and optionally 'default')")]);
  const problems = parsed.duplicates.map(([p, line]) => problem(path, line, p.join("."), "key given twice; the later value would win"));
  const err = (p, message) => problems.push(problem(path, lineOf(parsed.lines, p), p.join(".") || "(file)", message));
  const targets = { path, default: Object.create(null), teams: Object.create(null), names: Object.create(null), lines: Object.create(null) };
  const phased = Object.fromEntries(Object.entries(specs).filter(([, s]) => s.outcomes.phases.length)
    .map(([q, s]) => [q, s.outcomes.phases.map((p) => p.id)]));
  const phasedIds = Object.keys(phased), list = phasedIds.join(", ") || "none";

  // questionnaire → phase, checked.
  const phasesOf = (value, p) => {
    if (!isMap(value)) {
      err(p, `expected a mapping of questionnaire id to target phase id, e.g. {${phasedIds[0] ?? "organisational-maturity"}: <phase id>}`);
      return Object.create(null);
    }
    const out = Object.create(null);
    for (const qid of keysOf(value)) {
      const phase = value[qid], sub = [...p, qid];
      if (!own(specs, qid)) err(sub, `unknown questionnaire '${cleanText(qid, 80)}'${suggest(qid, phasedIds)}; questionnaires with phases: ${list}`);
      else if (!own(phased, qid)) err(sub, `questionnaire '${qid}' has no phases, so it takes no target; questionnaires with phases: ${list}`);
      else if (typeof phase !== "string") err(sub, `expected a phase id (text), got ${typeAt(parsed, sub, phase)}; phases: ${phased[qid].join(", ")}`);
      else if (!phased[qid].includes(phase)) err(sub, `'${qid}' has no phase '${cleanText(phase, 80)}'${suggest(phase, phased[qid])}; phases: ${phased[qid].join(", ")}`);
      else out[qid] = phase;
    }
    return out;
  };

  for (const key of keysOf(data)) {
    if (!KEYS.includes(key)) err([key], `unknown key '${cleanText(key, 80)}'${suggest(key, KEYS)}; a targets file has 'teams' (team → questionnaire → phase id) and optionally 'default'`);
  }
  if (own(data, "default")) targets.default = phasesOf(data.default, ["default"]);
  const teams = own(data, "teams") ? data.teams : null;
  if (!own(data, "teams") && !own(data, "default")) err([], "required key 'teams' is missing (team → questionnaire → target phase id)");
  else if (teams !== null && !isMap(teams)) err(["teams"], `expected a mapping of team name to targets, got ${typeAt(parsed, ["teams"], teams)}`);
  for (const name of isMap(teams) ? keysOf(teams) : []) {
    const p = ["teams", name];
    if (!cleanText(name)) { err(p, "a team name must be text"); continue; }
    const shown = cleanText(name), key = teamKey(shown);
    if (own(targets.teams, key)) {
      err(p, `team '${shown}' is listed twice (also as '${targets.names[key]}' on line ${targets.lines[key]}); names are compared ignoring case and spaces`);
      continue;
    }
    targets.teams[key] = phasesOf(teams[name], p);
    targets.names[key] = shown;
    targets.lines[key] = lineOf(parsed.lines, p);
  }
  return problems.length ? fail(problems) : { targets, problems: [] };
}

// [phase id, whether it comes from `default`] for a team, or [null, false] (Targets.target).
export function targetFor(targets, key, questionnaire) {
  const mine = own(targets.teams, key) && own(targets.teams[key], questionnaire) ? targets.teams[key][questionnaire] : null;
  if (mine !== null) return [mine, false];
  return own(targets.default, questionnaire) ? [targets.default[questionnaire], true] : [null, false];
}

// Warnings for targets naming a team without results (teamsWithResults: key → name).
export function unmatched(targets, teamsWithResults) {
  const names = Object.values(teamsWithResults).sort(cmpStr);
  return Object.keys(targets.teams).filter((key) => !own(teamsWithResults, key)).map((key) => problem(targets.path, targets.lines[key],
    `teams.${targets.names[key]}`, `no results for team '${targets.names[key]}'${suggest(targets.names[key], names)}; its target is unused`));
}
