// Command gen_float_cases writes a table of strconv.FormatFloat results, used by
// tests/strconv_float.rs. Usage: go run scripts/gen_float_cases.go N SEED > FILE
// Each line: <float64 bits hex> <fmt> <prec> <bitSize> <result>
package main

import (
	"fmt"
	"math"
	"math/rand"
	"os"
	"strconv"
)

func main() {
	n, _ := strconv.Atoi(os.Args[1])
	seed, _ := strconv.ParseInt(os.Args[2], 10, 64)
	r := rand.New(rand.NewSource(seed))
	fmts := []byte("eEfgGxXb")
	precs := []int{-1, -1, -1, 0, 1, 2, 3, 4, 6, 10, 15, 17, 18, 19, 25}
	special := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 1.5, 2.5, 0.125, 0.375, 1e6, 1e21, 1e-5, 1e-4,
		123456, 1234567, 5e-324, math.MaxFloat64, math.SmallestNonzeroFloat32, math.MaxFloat32,
		math.Inf(1), math.Inf(-1), math.NaN(), 2.675, 1.005, 0.1, 0.2, 0.3, 100, 1e23, 9.5, 99.5, 0.05}
	for i := 0; i < n; i++ {
		var v float64
		switch k := r.Intn(6); {
		case i < len(special):
			v = special[i]
		case k == 0:
			v = math.Float64frombits(r.Uint64())
		case k == 1:
			v = float64(r.Int63n(2000000)-1000000) / math.Pow(10, float64(r.Intn(8)))
		case k == 2:
			v = float64(r.Int63n(1000)) + float64(r.Intn(8))/8
		case k == 3:
			v = float64(math.Float32frombits(r.Uint32()))
		default:
			v = r.NormFloat64() * math.Pow(10, float64(r.Intn(40)-20))
		}
		f := fmts[r.Intn(len(fmts))]
		p := precs[r.Intn(len(precs))]
		bits := 64
		if r.Intn(4) == 0 {
			bits = 32
		}
		fmt.Printf("%016x %c %d %d %s\n", math.Float64bits(v), f, p, bits, strconv.FormatFloat(v, f, p, bits))
	}
}
