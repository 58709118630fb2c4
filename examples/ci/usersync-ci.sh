#!/usr/bin/env bash
# The steps of the usersync CI examples (examples/ci/*.yml) that are more than one usersync
# command: exit codes, the sticky pull/merge request comment, the drift issue, the apply
# summary. tests/it/ci.rs runs every one against the emulator and a stand-in for the GitHub
# and GitLab APIs. Needs bash, curl and jq (all on GitHub's runners).
#
#   usersync-ci.sh plan ARGS...      `usersync plan ARGS...`; passes on 0 (no changes) and 2
#                                    (changes), fails on 1 (problems or an error); writes
#                                    `exit-code` and `result` to $GITHUB_OUTPUT when set
#   usersync-ci.sh comment BODY      the request's sticky comment: edits the comment that holds
#                                    BODY's marker (`<!-- usersync plan: NAME -->`), else posts one
#   usersync-ci.sh drift BODY CODE   after a scheduled `usersync plan` that exited CODE: 2 (drift)
#                                    opens or updates the drift issue (found by BODY's marker)
#                                    with BODY, 0 closes it, anything else fails
#   usersync-ci.sh apply ARGS... [-- APPLY_ARGS...]
#                                    `usersync plan ARGS... --out plan.json`, then `usersync apply
#                                    --plan plan.json --auto-approve --report report.json
#                                    APPLY_ARGS...` and the report's summary; exits as apply does
#   usersync-ci.sh report REPORT     a Markdown summary of an apply report, appended to
#                                    $GITHUB_STEP_SUMMARY when set, else printed
#
# The CI is GitHub when GITHUB_ACTIONS=true, GitLab when GITLAB_CI=true (USERSYNC_CI=github or
# gitlab overrides). GitHub: GITHUB_TOKEN, GITHUB_API_URL, GITHUB_REPOSITORY, and PR_NUMBER
# for `comment`. GitLab: USERSYNC_GITLAB_TOKEN (a project access token with the `api` scope:
# CI_JOB_TOKEN cannot write notes), CI_API_V4_URL, CI_PROJECT_ID, and CI_MERGE_REQUEST_IID for
# `comment`. USERSYNC names the usersync binary (default: `usersync` on PATH); USERSYNC_MARKER
# names the marker added to a body that has none (default: `usersync`). Tokens are sent as
# headers read from stdin, never as arguments, and nothing here echoes them.
set -euo pipefail

usersync=${USERSYNC:-usersync}
drift_label='usersync-drift'
drift_title="usersync: the providers differ from the manifest"

die() { printf 'usersync-ci: error: %s\n' "$*" >&2; exit 1; }
say() { printf 'usersync-ci: %s\n' "$*" >&2; }

platform() {
  case "${USERSYNC_CI:-}" in
    github | gitlab) echo "$USERSYNC_CI" ;;
    "") if [ "${GITHUB_ACTIONS:-}" = true ]; then echo github
        elif [ "${GITLAB_CI:-}" = true ]; then echo gitlab
        else die "not on GitHub Actions or GitLab CI (set USERSYNC_CI=github or gitlab)"; fi ;;
    *) die "USERSYNC_CI is \`$USERSYNC_CI\`; expected \`github\` or \`gitlab\`" ;;
  esac
}

# api METHOD PATH [JSON]: one call to the CI's REST API; prints the response body.
api() {
  local method=$1 path=$2 data=${3:-} base header
  case "$(platform)" in
    github) base=${GITHUB_API_URL:-https://api.github.com}
            header="Authorization: Bearer ${GITHUB_TOKEN:?GITHUB_TOKEN is not set}" ;;
    gitlab) base=${CI_API_V4_URL:?CI_API_V4_URL is not set}
            header="PRIVATE-TOKEN: ${USERSYNC_GITLAB_TOKEN:?USERSYNC_GITLAB_TOKEN is not set}" ;;
  esac
  local args=(--silent --show-error --fail-with-body --request "$method" --header @-
              --header "Accept: application/json")
  if [ -n "$data" ]; then
    args+=(--header "Content-Type: application/json" --data-binary "$data")
  fi
  printf '%s\n' "$header" | curl "${args[@]}" "$base$path" || die "$method $path failed"
}

# find_by_marker PATH MARKER FIELD ID: the ID of the first item of the paged list at PATH whose
# FIELD contains MARKER (empty when none does).
find_by_marker() {
  local path=$1 marker=$2 field=$3 id=$4 page=1 sep='?' items found
  case "$path" in *'?'*) sep='&' ;; esac
  while :; do
    items=$(api GET "$path${sep}per_page=100&page=$page")
    found=$(jq -r --arg marker "$marker" --arg field "$field" --arg id "$id" \
      'map(select((.[$field] // "") | contains($marker))) | .[0][$id] // empty' <<<"$items")
    if [ -n "$found" ] || [ "$(jq length <<<"$items")" -lt 100 ]; then
      printf '%s' "$found"
      return
    fi
    page=$((page + 1))
  done
}

# marker_of BODY: the first `<!-- usersync plan: NAME -->` in BODY (usersync writes it with
# --marker NAME), else the one USERSYNC_MARKER names.
marker_of() {
  local found
  found=$(grep -o '<!-- usersync plan: [^>]* -->' "$1" 2>/dev/null | head -n 1 || true)
  printf '%s' "${found:-"<!-- usersync plan: ${USERSYNC_MARKER:-usersync} -->"}"
}

# with_marker BODY MARKER: BODY's text, MARKER on a first line of its own when BODY lacks it.
with_marker() {
  if grep -qF -- "$2" "$1"; then cat "$1"; else printf '%s\n' "$2"; cat "$1"; fi
}

cmd_plan() {
  local code=0 result
  "$usersync" plan "$@" || code=$?
  case $code in 0) result=no-changes ;; 2) result=changes ;; *) result=failed ;; esac
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    printf 'exit-code=%s\nresult=%s\n' "$code" "$result" >>"$GITHUB_OUTPUT"
  fi
  say "plan exited $code ($result)"
  [ "$code" -eq 0 ] || [ "$code" -eq 2 ]
}

cmd_comment() {
  local file=${1:?usage: usersync-ci.sh comment BODY} text marker id payload
  [ -f "$file" ] || die "no comment body \`$file\` (did the plan run?)"
  marker=$(marker_of "$file")
  text=$(with_marker "$file" "$marker")
  case "$(platform)" in
    github)
      local repo=${GITHUB_REPOSITORY:?GITHUB_REPOSITORY is not set}
      local pr=${PR_NUMBER:?PR_NUMBER is not set}
      payload=$(jq -n --arg body "$text" '{body: $body}')
      id=$(find_by_marker "/repos/$repo/issues/$pr/comments" "$marker" body id)
      if [ -n "$id" ]; then
        api PATCH "/repos/$repo/issues/comments/$id" "$payload" >/dev/null
        say "updated comment $id on pull request #$pr"
      else
        api POST "/repos/$repo/issues/$pr/comments" "$payload" >/dev/null
        say "posted a comment on pull request #$pr"
      fi ;;
    gitlab)
      local notes="/projects/${CI_PROJECT_ID:?CI_PROJECT_ID is not set}/merge_requests/${CI_MERGE_REQUEST_IID:?CI_MERGE_REQUEST_IID is not set}/notes"
      payload=$(jq -n --arg body "$text" '{body: $body}')
      id=$(find_by_marker "$notes" "$marker" body id)
      if [ -n "$id" ]; then
        api PUT "$notes/$id" "$payload" >/dev/null
        say "updated note $id on merge request !$CI_MERGE_REQUEST_IID"
      else
        api POST "$notes" "$payload" >/dev/null
        say "posted a note on merge request !$CI_MERGE_REQUEST_IID"
      fi ;;
  esac
}

cmd_drift() {
  local file=${1:?usage: usersync-ci.sh drift BODY CODE} code=${2:?usage: usersync-ci.sh drift BODY CODE}
  local text marker number issues body_field number_field payload
  case $code in
    0 | 2) ;;
    *) die "the plan exited $code (problems or an error, see above); the drift issue is left as it is" ;;
  esac
  marker=$(marker_of "$file")
  if [ "$code" = 2 ]; then
    [ -f "$file" ] || die "no plan \`$file\` for the drift issue"
    text=$(with_marker "$file" "$marker")
  fi
  case "$(platform)" in
    github) issues="/repos/${GITHUB_REPOSITORY:?GITHUB_REPOSITORY is not set}/issues"
            body_field=body number_field=number ;;
    gitlab) issues="/projects/${CI_PROJECT_ID:?CI_PROJECT_ID is not set}/issues"
            body_field=description number_field=iid ;;
  esac
  local open_state=open
  [ "$(platform)" = gitlab ] && open_state=opened
  # Found by its marker alone: a label the token may not create is dropped silently.
  number=$(find_by_marker "$issues?state=$open_state" "$marker" "$body_field" "$number_field")
  if [ "$code" = 2 ]; then
    if [ -n "$number" ]; then
      payload=$(jq -n --arg f "$body_field" --arg t "$text" '{($f): $t}')
      api "$(update_method)" "$issues/$number" "$payload" >/dev/null
      say "drift: updated issue $number"
    else
      # GitHub takes a list of labels, GitLab a comma-separated string.
      payload=$(jq -n --arg f "$body_field" --arg t "$text" --arg title "$drift_title" \
        --arg name "$drift_label" --arg ci "$(platform)" \
        '{title: $title, ($f): $t, labels: (if $ci == "github" then [$name] else $name end)}')
      api POST "$issues" "$payload" >/dev/null
      say "drift: opened an issue"
    fi
  elif [ -n "$number" ]; then
    local comments=notes state='{"state_event":"close"}'
    if [ "$(platform)" = github ]; then comments=comments state='{"state":"closed"}'; fi
    payload=$(jq -n --arg t "The scheduled \`usersync plan\` shows no changes any more: closing." '{body: $t}')
    api POST "$issues/$number/$comments" "$payload" >/dev/null
    api "$(update_method)" "$issues/$number" "$state" >/dev/null
    say "no drift: closed issue $number"
  else
    say "no drift"
  fi
}

update_method() { if [ "$(platform)" = github ]; then echo PATCH; else echo PUT; fi; }

cmd_apply() {
  local plan_args=() apply_args=() code=0
  while [ $# -gt 0 ] && [ "$1" != -- ]; do plan_args+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  apply_args=("$@")
  rm -f plan.json report.json
  "$usersync" plan ${plan_args[@]+"${plan_args[@]}"} --out plan.json || code=$?
  # 1 with a plan: problems, whose accounts apply holds back while it sends the other calls.
  [ -f plan.json ] || die "the plan failed (exit code $code); nothing was applied"
  code=0
  "$usersync" apply --plan plan.json --auto-approve --report report.json ${apply_args[@]+"${apply_args[@]}"} || code=$?
  if [ -f report.json ]; then cmd_report report.json; fi
  return "$code"
}

cmd_report() {
  local file=${1:?usage: usersync-ci.sh report REPORT} summary
  [ -f "$file" ] || die "no apply report \`$file\`"
  summary=$(jq -r '
    def outcome: .outcome.status;
    def count(s): [.calls[] | select(outcome == s)] | length;
    def why: .outcome.message // .outcome.reason // "";
    "### usersync apply\n",
    (.problems // [] | length) as $problems
    | "**\(count("applied")) applied**, \(count("failed")) failed, \(count("not-sent")) not sent, \(count("skipped")) skipped, \(count("already-applied")) already applied\(if $problems > 0 then "; \($problems) problem\(if $problems == 1 then "" else "s" end) (those accounts were held back)" else "" end); plan `\(.plan_fingerprint[:12])`, \(.elapsed_seconds * 10 | round / 10) s\(if .interrupted then "; **interrupted**" else "" end)",
    (if .error then "\n**Stopped:** \(.error | gsub("\n"; " "))" else empty end),
    ([.calls[] | select(outcome == "failed" or outcome == "not-sent" or outcome == "skipped")] as $bad
     | if ($bad | length) > 0 then
         "\n| # | provider | account | outcome |\n|---|---|---|---|",
         ($bad[:50][] | "| \(.id) | \(.provider) | \(.account | gsub("[|\n]"; " ")) | \(outcome): \(why | gsub("[|\n]"; " ")) |"),
         (if ($bad | length) > 50 then "\n… and \(($bad | length) - 50) more in the report artifact" else empty end)
       else empty end)
  ' "$file")
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    printf '%s\n' "$summary" >>"$GITHUB_STEP_SUMMARY"
  fi
  printf '%s\n' "$summary"
}

command=${1:-}
[ $# -gt 0 ] && shift
case "$command" in
  plan) cmd_plan "$@" ;;
  comment) cmd_comment "$@" ;;
  drift) cmd_drift "$@" ;;
  apply) cmd_apply "$@" ;;
  report) cmd_report "$@" ;;
  *) die "usage: usersync-ci.sh plan|comment|drift|apply|report ... (see the top of this file)" ;;
esac
