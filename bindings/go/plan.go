// SPDX-License-Identifier: MIT

package ucopy

import "context"

// PlanEntry is what a copy would do to one entry, from one dry-run event.
type PlanEntry struct {
	// EventCopied: it would be copied; EventSkipped: left alone (a
	// destination up to date under WithUpdate, or a FIFO, socket or device
	// not copied); EventDeleted: removed from the destination (WithDelete).
	// libucopy's dry run does not apply WithOverwrite: an existing
	// destination file is planned as EventCopied whatever the policy.
	Action   EventType
	FileType FileType
	Src      string // the source entry ("" for EventDeleted)
	Dst      string // the destination entry
	Bytes    uint64 // the data it would copy (a file being copied), else 0
	Op       string // the event's Op: "update" (up to date), "delete", else ""
}

func planEntry(e Event) PlanEntry {
	return PlanEntry{Action: e.Type, FileType: e.FileType, Src: e.Src, Dst: e.Dst,
		Bytes: e.Bytes, Op: e.Op}
}

// Plan says what Copy with the same arguments would do, writing nothing: a
// dry run (WithDryRun is implied) whose copied, skipped and deleted events
// become the entries, in the order they were reported, and whose Stats
// count what would be done. Errors (an unreadable directory, ...) go to the
// error handler and make the error match ErrPartial, as in Copy; the
// entries planned so far are returned with it.
func Plan(ctx context.Context, src, dst string, opts ...Option) ([]PlanEntry, Stats, error) {
	cfg := newConfig(opts)
	cfg.dryRun = true
	var entries []PlanEntry
	stats, err := copyWith(ctx, src, dst, cfg, &entries)
	return entries, stats, err
}
