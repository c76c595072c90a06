package feed

import (
	"slices"
	"time"
)

// Filter selects articles of a listing. The zero Filter selects all, in
// the Newest order.
type Filter struct {
	// Category is a category path as a user typed it (see FindCategory):
	// articles at or below every category it names are kept.
	Category []string
	// Since and Until bound the date, inclusive; zero means unbounded.
	// Articles without a stated date have none to compare and are left
	// out when either is set.
	Since, Until time.Time
	// Dated leaves out the articles without a stated date.
	Dated bool
	// Order sorts the result.
	Order Order
	// Limit caps the count; 0 means no cap.
	Limit int
}

// Select returns the articles that pass f, in f's order. A category that
// matches nothing selects nothing; FindCategory says why.
func (ix *Index) Select(f Filter) []*Article {
	var cats [][]string
	if len(f.Category) > 0 {
		if cats, _ = ix.FindCategory(f.Category); len(cats) == 0 {
			return nil
		}
	}
	dated := f.Dated || !f.Since.IsZero() || !f.Until.IsZero()
	limit := f.Limit
	if f.Order != Newest {
		limit = 0 // the first ones are known only once sorted
	}
	var out []*Article
	for _, a := range ix.Articles() {
		if limit > 0 && len(out) == limit {
			break
		}
		if (dated && a.DateEstimated) ||
			(!f.Since.IsZero() && a.Date.Before(f.Since)) ||
			(!f.Until.IsZero() && a.Date.After(f.Until)) ||
			(cats != nil && !slices.ContainsFunc(cats, func(c []string) bool { return HasPrefix(a.Categories, c) })) {
			continue
		}
		out = append(out, a)
	}
	if f.Order != Newest {
		slices.SortFunc(out, f.Order.Compare)
		if f.Limit > 0 && len(out) > f.Limit {
			out = out[:f.Limit]
		}
	}
	return out
}
