package sim_test

const goldenLostUpdateHash = "47ff6dc87a6209db"
