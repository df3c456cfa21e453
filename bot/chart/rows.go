package chart

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"readout/summaries"
)

// maxRows bounds the image's height: a leader with calls to dozens of
// counterparts gets their busiest pairs and one row for the rest.
const maxRows = 12

// row is one set of participants and its calls, oldest first.
type row struct {
	label string
	calls []summaries.Call
}

// groupRows puts calls with the same participants on one row, busiest row
// first (ties: the earlier first call, then the label), so the order does
// not depend on the order calls came in.
func groupRows(calls []summaries.Call, name func(string) string) []row {
	byKey := map[string]int{}
	var rows []row
	for _, c := range calls {
		key := strings.Join(c.Participants, "+")
		i, ok := byKey[key]
		if !ok {
			i = len(rows)
			byKey[key] = i
			rows = append(rows, row{label: pairLabel(c.Participants, name)})
		}
		rows[i].calls = append(rows[i].calls, c)
	}
	for i := range rows {
		sortCalls(rows[i].calls)
	}
	slices.SortFunc(rows, func(a, b row) int {
		return cmp.Or(
			cmp.Compare(len(b.calls), len(a.calls)),
			a.calls[0].Date.Compare(b.calls[0].Date),
			cmp.Compare(a.label, b.label),
		)
	})
	if len(rows) > maxRows {
		rest := row{label: fmt.Sprintf("%d other pairs", len(rows)-maxRows+1)}
		for _, r := range rows[maxRows-1:] {
			rest.calls = append(rest.calls, r.calls...)
		}
		sortCalls(rest.calls)
		rows = append(rows[:maxRows-1], rest)
	}
	return rows
}

func sortCalls(calls []summaries.Call) {
	slices.SortStableFunc(calls, func(a, b summaries.Call) int {
		return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.ID, b.ID))
	})
}

func pairLabel(ids []string, name func(string) string) string {
	if len(ids) == 0 {
		return "Unknown"
	}
	labels := make([]string, len(ids))
	for i, id := range ids {
		labels[i] = name(id)
	}
	return strings.Join(labels, "–")
}
