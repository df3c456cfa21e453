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
// not depend on the order calls came in. When every call has a leader in
// common, the title names them and the rows name only the others: "with Xi".
func groupRows(calls []summaries.Call, name func(string) string) []row {
	var common []string
	if !sameParticipants(calls) {
		common = commonParticipants(calls)
	}
	byKey := map[string]int{}
	var rows []row
	for _, c := range calls {
		key := strings.Join(c.Participants, "+")
		i, ok := byKey[key]
		if !ok {
			i = len(rows)
			byKey[key] = i
			rows = append(rows, row{label: rowLabel(c.Participants, common, name)})
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
		label := fmt.Sprintf("%d other pairs", len(rows)-maxRows+1)
		if len(common) > 0 {
			label = fmt.Sprintf("with %d others", len(rows)-maxRows+1)
		}
		rest := row{label: label}
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

func rowLabel(ids, common []string, name func(string) string) string {
	var others []string
	for _, id := range ids {
		if !slices.Contains(common, id) {
			others = append(others, name(id))
		}
	}
	if len(common) > 0 && len(others) > 0 {
		return "with " + strings.Join(others, ", ")
	}
	if len(ids) == 0 {
		return "Unknown"
	}
	labels := make([]string, len(ids))
	for i, id := range ids {
		labels[i] = name(id)
	}
	return strings.Join(labels, "–")
}

func sameParticipants(calls []summaries.Call) bool {
	for _, c := range calls[1:] {
		if !slices.Equal(c.Participants, calls[0].Participants) {
			return false
		}
	}
	return true
}
