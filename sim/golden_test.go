package sim_test

const goldenLostUpdateHash = "f2d7e3116dfcd315"
