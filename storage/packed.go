package storage

import (
	"bytes"
	"compress/flate"
	"encoding/json"
	"fmt"
	"io"
	"sync"
)

// codec packs the JSON of records, versions, mentions and tallies: most of
// it is sentences, often twice (a fact and the sentence it came from), and
// deflated it takes a third of the room. A packed value starts with a
// byte no JSON text starts with; values written before are plain JSON and
// read as they are. Writers and readers are reused: a deflate writer costs
// hundreds of kilobytes to make.
type codec struct {
	writers sync.Pool
	readers sync.Pool
}

// packedMark starts a packed value.
const packedMark = 0x01

// packFrom is the shortest value packed: below it, what deflating saves
// is little and its set-up costs more than the rest of storing the value.
const packFrom = 512

// encode is v as JSON, packed.
func (z *codec) encode(v any) ([]byte, error) {
	js, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return z.pack(js)
}

// decode reads a packed or plain JSON value into v.
func (z *codec) decode(b []byte, v any) error {
	js, err := z.unpack(b)
	if err != nil {
		return err
	}
	return json.Unmarshal(js, v)
}

func (z *codec) pack(js []byte) ([]byte, error) {
	if len(js) < packFrom {
		return js, nil
	}
	var buf bytes.Buffer
	buf.Grow(len(js)/2 + 16)
	buf.WriteByte(packedMark)
	w, _ := z.writers.Get().(*flate.Writer)
	if w == nil {
		var err error
		if w, err = flate.NewWriter(&buf, flate.BestSpeed); err != nil {
			return nil, err
		}
	} else {
		w.Reset(&buf)
	}
	defer z.writers.Put(w)
	if _, err := w.Write(js); err != nil {
		return nil, fmt.Errorf("pack: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("pack: %w", err)
	}
	return buf.Bytes(), nil
}

func (z *codec) unpack(v []byte) ([]byte, error) {
	if len(v) == 0 || v[0] != packedMark {
		return v, nil
	}
	src := bytes.NewReader(v[1:])
	r, _ := z.readers.Get().(io.ReadCloser)
	if r == nil {
		r = flate.NewReader(src)
	} else if err := r.(flate.Resetter).Reset(src, nil); err != nil {
		return nil, fmt.Errorf("unpack: %w", err)
	}
	defer z.readers.Put(r)
	out := make([]byte, 0, 4*len(v))
	out, err := readAll(r, out)
	if err != nil {
		return nil, fmt.Errorf("unpack: %w", err)
	}
	return out, nil
}

func readAll(r io.Reader, b []byte) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}
