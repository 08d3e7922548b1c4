package rtos

// threadList is a FIFO of threads: a ready list of one priority, or the
// suspension list of an object. Lists are short, so a slice is the simplest
// structure that keeps the order exact.
type threadList struct {
	head  *Thread // == s[0], kept for cheap checks
	items []*Thread
}

func (l *threadList) pushBack(t *Thread) {
	l.items = append(l.items, t)
	l.head = l.items[0]
}

func (l *threadList) pushFront(t *Thread) {
	l.items = append(l.items, nil)
	copy(l.items[1:], l.items)
	l.items[0] = t
	l.head = t
}

// remove takes t out of the list; it reports whether t was in it.
func (l *threadList) remove(t *Thread) bool {
	for i, x := range l.items {
		if x == t {
			copy(l.items[i:], l.items[i+1:])
			l.items[len(l.items)-1] = nil
			l.items = l.items[:len(l.items)-1]
			l.head = nil
			if len(l.items) > 0 {
				l.head = l.items[0]
			}
			return true
		}
	}
	return false
}

func (l *threadList) len() int { return len(l.items) }
