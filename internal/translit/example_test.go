package translit_test

import (
	"fmt"

	"clusterbridge/internal/translit"
)

func ExampleFold() {
	// The index and the query meet whatever script or spelling was typed.
	for _, s := range []string{"Нишка Бања", "Niška Banja", "NISKA BANJA", "Nishka Banya"} {
		fmt.Println(translit.Fold(s))
	}
	// Output:
	// niska banja
	// niska banja
	// niska banja
	// niska banja
}

func ExampleSerbianToLatin() {
	fmt.Println(translit.SerbianToLatin("ЉУБАВ и Љиљана из Књажевца"))
	// Output: LJUBAV i Ljiljana iz Knjaževca
}

func ExampleSerbianToCyrillic() {
	fmt.Println(translit.SerbianToCyrillic("Injekcija kapitala za Njegoš d.o.o., www.njegos.rs"))
	// Output: Инјекција капитала за Његош д.о.о., www.njegos.rs
}

func ExampleBulgarianToLatin() {
	fmt.Println(translit.BulgarianToLatin("Община Копривщица, ЩИТ ООД, Мизия, България"))
	// Output: Obshtina Koprivshtitsa, SHTIT OOD, Mizia, Bulgaria
}

func ExampleDetectScript() {
	fmt.Println(translit.DetectScript("Клъстер Vidin"), translit.DetectScript("Klaster Видин"))
	// Output: Cyrillic Latin
}
