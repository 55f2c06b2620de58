#!/usr/bin/env bash
# The action's last step: runs `pixeltag inject` or `pixeltag verify` with the action's inputs.
# verify's github format prints annotations (the runner turns them into notes on the pages'
# lines) and appends a Markdown summary to $GITHUB_STEP_SUMMARY itself; json, junit and sarif
# go to a file the `report` output names. The step fails with pixeltag's exit status.
#
# Environment: INPUT_COMMAND, INPUT_CONFIG, INPUT_FORMAT, INPUT_ARGS, PIXELTAG (the binary),
# and the runner's GITHUB_OUTPUT.
set -uo pipefail
pixeltag=${PIXELTAG:-pixeltag}
command=${INPUT_COMMAND:-verify}

finish() {
  echo "report=${report:-}" >>"$GITHUB_OUTPUT"
  echo "exit-code=$1" >>"$GITHUB_OUTPUT"
  exit "$1"
}

case "$command" in
  inject | verify) ;;
  *) echo "::error title=pixeltag::command: \"$command\" is neither inject nor verify"; finish 2 ;;
esac
arguments=("$command" --config "${INPUT_CONFIG:-pixeltag.yml}")
report=""
if [ "$command" = verify ]; then
  format=${INPUT_FORMAT:-github}
  case "$format" in
    github | text) ;;
    json) report=pixeltag-report.json ;;
    junit) report=pixeltag-report.xml ;;
    sarif) report=pixeltag-report.sarif ;;
    *) echo "::error title=pixeltag::format: \"$format\" is none of github, text, json, junit, sarif"; finish 2 ;;
  esac
  arguments+=(--format "$format")
  [ -z "$report" ] || arguments+=(--output "$report")
fi
read -r -a extra <<<"${INPUT_ARGS:-}"

"$pixeltag" "${arguments[@]}" "${extra[@]}"
finish $?
