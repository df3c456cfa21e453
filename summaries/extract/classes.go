package extract

import (
	"sync"

	"readout/summaries/leaders"
)

// Word classes: the word sets that find call words (cues, hasCallWord)
// and gate patterns and facts (durations, tone, readouts, topics), as bits
// of one map, so that a sentence's tokens are looked up once for all of
// them, not once a set and a test.
const (
	classCall uint32 = 1 << iota
	classTalk
	classVideo
	classPhone
	classMeet
	classGroup
	classAgree
	classDuration
	classReadout
	classRecall
	classVideoGate
	classTone
	classDial
	classTopic // the first word of a phrase of topicWords
	classBreak // a word of a clause break: "after", "while"
)

// lexicon is the words of the classes with their classes. Most words of
// a text are in no class: a table of the shapes (first byte, last byte,
// length) of the lexicon's words answers for them without a lookup.
type lexicon struct {
	classes map[string]uint32
	shapes  [1 << 14 / 64]uint64
}

func shape(w string) int {
	return int(w[0]&31)<<9 | int(w[len(w)-1]&31)<<4 | min(len(w), 15)
}

var wordClasses = sync.OnceValue(func() *lexicon {
	lx := &lexicon{classes: map[string]uint32{}}
	add := func(w string, class uint32) {
		lx.classes[w] |= class
		k := shape(w)
		lx.shapes[k/64] |= 1 << (k % 64)
	}
	for _, c := range []struct {
		set   map[string]bool
		class uint32
	}{{callWords, classCall}, {talkWords, classTalk}, {videoWords, classVideo}, {phoneWords, classPhone}, {meetWords, classMeet},
		{groupWords, classGroup}, {agreeWords, classAgree}, {durationWords, classDuration}, {readoutWords, classReadout},
		{recallGate, classRecall}, {videoGate, classVideoGate}, {toneGate, classTone}, {dialVerbs, classDial},
		{breakWords, classBreak}} {
		for w, in := range c.set {
			if in {
				add(w, c.class)
			}
		}
	}
	for first := range topicIndex {
		add(first, classTopic)
	}
	return lx
})

// class is the classes of word w.
func (lx *lexicon) class(w string) uint32 {
	if w == "" {
		return 0 // no class holds it
	}
	if k := shape(w); lx.shapes[k/64]&(1<<(k%64)) == 0 {
		return 0
	}
	return lx.classes[w]
}

// classify returns the classes of toks, one a token.
func classify(toks []leaders.Token) []uint32 {
	return classifyInto(make([]uint32, len(toks)), toks)
}

// classifyInto is classify writing into cls, which has a place a token.
func classifyInto(cls []uint32, toks []leaders.Token) []uint32 {
	lx := wordClasses()
	for i, t := range toks {
		cls[i] = lx.class(t.Norm)
	}
	return cls
}

// anyClass reports whether one of the tokens of classes cls is of class.
func anyClass(cls []uint32, class uint32) bool {
	for _, c := range cls {
		if c&class != 0 {
			return true
		}
	}
	return false
}

// classes are the classes of the sentence's tokens, one a token, read once.
func (s *sentence) classes() []uint32 {
	if !s.clsRead {
		if len(s.cls) == len(s.toks) {
			s.cls = classifyInto(s.cls, s.toks) // analyse gave it a place
		} else {
			s.cls = classify(s.toks)
		}
		s.clsRead = true
		s.clsAll = 0
		for _, c := range s.cls {
			s.clsAll |= c
		}
		s.call = callWordIn(s.toks, s.cls)
	}
	return s.cls
}

// has reports whether one of the sentence's words is of class.
func (s *sentence) has(class uint32) bool {
	s.classes()
	return s.clsAll&class != 0
}

// callWord is hasCallWord of the sentence's tokens.
func (s *sentence) callWord() bool {
	s.classes()
	return s.call
}
