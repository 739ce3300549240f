package sim_test

const goldenLostUpdateHash = "5ae21260931c64e7"
